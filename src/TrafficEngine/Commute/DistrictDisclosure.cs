namespace TrafficEngine.Commute;

/// <summary>
/// Whether publishing district sums of hidden OD cells lets an attacker pin a hidden cell. A district's
/// self-containment and internal capture give the commuters who live and work in it, so (with the published cells)
/// the sum of its hidden cells whose home and work zones both lie in it: one more linear equation beside the row and
/// column totals. The attacker's unknowns are the hidden cells, all positive; the row and column totals leave them
/// free exactly along the circulations of the hidden cells' bipartite graph (home zones to work zones), and a hidden
/// cell is pinned to one value exactly when every circulation that also keeps the published district sums is zero on
/// it. Since the true table is strictly inside the attacker's feasible set (every hidden cell is positive), a cell
/// that some such circulation moves keeps an interval of values, not a point.
/// <para>
/// The test is exact linear algebra on the cycle space: a spanning forest of the hidden graph gives one fundamental
/// cycle per non-tree cell, each with its signature (how much it changes each district sum, from tree potentials);
/// the circulations that keep the sums are the combinations of cycles whose signatures cancel. A cell's value in a
/// circulation is a linear function t of the cycle coefficients (its own coefficient for a non-tree cell, the signed
/// count of cycles crossing it for a tree cell), and the cell is pinned exactly when t lies in the row space of the
/// signature matrix G. With r basis columns B of G and every column's coordinates y_e in that basis, that is
/// t(e) = y_e . t(B) for every cycle e. Districts are then withheld one at a time (the one that weighs most in the
/// certificate of a newly pinned cell) until no cell is pinned that the totals alone leave free.
/// </para>
/// </summary>
public static class DistrictDisclosure
{
    private const double Tolerance = 1e-7;

    /// <summary>
    /// Which of <paramref name="groups"/> sums may be published. <paramref name="group"/>[c] is the sum a cell counts
    /// in (a district holding both its zones) or -1; only hidden cells matter (a published cell's part is known).
    /// </summary>
    public static bool[] PublishableSums(int zoneCount, int[] home, int[] work, bool[] hidden, int[] group, int groups)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(group);
        var published = new bool[groups];
        Array.Fill(published, true);
        var forest = new HiddenForest(zoneCount, home, work, hidden);
        bool[] free = forest.Free(group, new bool[groups]);
        while (true)
        {
            bool[] nowFree = forest.Free(group, published);
            int newlyPinned = -1;
            for (int c = 0; c < hidden.Length && newlyPinned < 0; c++)
            {
                if (free[c] && !nowFree[c])
                {
                    newlyPinned = c;
                }
            }

            if (newlyPinned < 0)
            {
                return published;
            }

            double[] certificate = forest.Certificate(group, published, newlyPinned);
            int worst = -1;
            double weight = 0;
            for (int g = 0; g < groups; g++)
            {
                if (published[g] && Math.Abs(certificate[g]) > weight)
                {
                    weight = Math.Abs(certificate[g]);
                    worst = g;
                }
            }

            if (worst < 0)
            {
                throw new InvalidOperationException($"Hidden cell {newlyPinned} is pinned with no district sum in its certificate.");
            }

            published[worst] = false;
        }
    }

    /// <summary>
    /// Hidden cells a circulation keeping the published sums can move (true), for a given set of published sums; the
    /// cells outside the hidden set are false. Exposed for tests.
    /// </summary>
    public static bool[] FreeCells(int zoneCount, int[] home, int[] work, bool[] hidden, int[] group, bool[] published) =>
        new HiddenForest(zoneCount, home, work, hidden).Free(group, published);

    /// <summary>The spanning forest of the hidden cells' graph: home zone i is node i, work zone j node n + j.</summary>
    private sealed class HiddenForest
    {
        private readonly int zoneCount;
        private readonly int[] home;
        private readonly int[] work;
        private readonly bool[] hidden;
        private readonly bool[] isTree;
        private readonly int[] treeChild;     // tree cell -> the node below it
        private readonly int[] treeSign;      // +1 when the tree cell is walked home -> work going down
        private readonly int[] entry;
        private readonly int[] exit;
        private readonly int[] parentCell;    // node -> tree cell above it, -1 at a root
        private readonly int[] preorder;      // nodes, roots first in each tree
        private readonly int[] nonTree;

        public HiddenForest(int zoneCount, int[] home, int[] work, bool[] hidden)
        {
            this.zoneCount = zoneCount;
            this.home = home;
            this.work = work;
            this.hidden = hidden;
            int nodes = 2 * zoneCount, cells = home.Length;
            var degree = new int[nodes + 1];
            for (int c = 0; c < cells; c++)
            {
                if (hidden[c])
                {
                    degree[home[c] + 1]++;
                    degree[zoneCount + work[c] + 1]++;
                }
            }

            for (int v = 0; v < nodes; v++)
            {
                degree[v + 1] += degree[v];
            }

            var incident = new int[degree[nodes]];
            var fill = (int[])degree.Clone();
            for (int c = 0; c < cells; c++)
            {
                if (hidden[c])
                {
                    incident[fill[home[c]]++] = c;
                    incident[fill[zoneCount + work[c]]++] = c;
                }
            }

            isTree = new bool[cells];
            treeChild = new int[cells];
            treeSign = new int[cells];
            entry = new int[nodes];
            exit = new int[nodes];
            parentCell = new int[nodes];
            Array.Fill(entry, -1);
            Array.Fill(parentCell, -1);
            var order = new List<int>(nodes);
            var stack = new Stack<(int Node, int Next)>();
            int clock = 0;
            for (int root = 0; root < nodes; root++)
            {
                if (entry[root] >= 0 || degree[root] == degree[root + 1])
                {
                    continue;
                }

                entry[root] = clock++;
                order.Add(root);
                stack.Push((root, degree[root]));
                while (stack.Count > 0)
                {
                    (int node, int next) = stack.Pop();
                    bool descended = false;
                    while (next < degree[node + 1])
                    {
                        int c = incident[next++];
                        int to = node == home[c] ? zoneCount + work[c] : home[c];
                        if (entry[to] >= 0)
                        {
                            continue;
                        }

                        isTree[c] = true;
                        treeChild[c] = to;
                        treeSign[c] = node == home[c] ? 1 : -1;
                        parentCell[to] = c;
                        entry[to] = clock++;
                        order.Add(to);
                        stack.Push((node, next));
                        stack.Push((to, degree[to]));
                        descended = true;
                        break;
                    }

                    if (!descended)
                    {
                        exit[node] = clock;
                    }
                }
            }

            preorder = [.. order];
            var rest = new List<int>();
            for (int c = 0; c < cells; c++)
            {
                if (hidden[c] && !isTree[c])
                {
                    rest.Add(c);
                }
            }

            nonTree = [.. rest];
        }

        private bool Below(int node, int child) => entry[node] >= entry[child] && entry[node] < exit[child];

        /// <summary>How the fundamental cycle of each non-tree cell changes each published sum (row-major, width rows).</summary>
        private double[] Signatures(int[] group, bool[] published, out int width, out int[] rowOf)
        {
            rowOf = new int[published.Length];
            width = 0;
            for (int g = 0; g < published.Length; g++)
            {
                rowOf[g] = published[g] ? width++ : -1;
            }

            int nodes = 2 * zoneCount;
            var potential = new double[nodes * width];
            foreach (int v in preorder)
            {
                int c = parentCell[v];
                if (c < 0)
                {
                    continue;
                }

                int u = v == home[c] ? zoneCount + work[c] : home[c];
                Array.Copy(potential, u * width, potential, v * width, width);
                int row = group[c] >= 0 ? rowOf[group[c]] : -1;
                if (row >= 0)
                {
                    potential[(v * width) + row] += treeSign[c];
                }
            }

            var signature = new double[nonTree.Length * width];
            for (int e = 0; e < nonTree.Length; e++)
            {
                int c = nonTree[e], i = home[c], j = zoneCount + work[c];
                for (int k = 0; k < width; k++)
                {
                    signature[(e * width) + k] = potential[(i * width) + k] - potential[(j * width) + k];
                }

                int row = group[c] >= 0 ? rowOf[group[c]] : -1;
                if (row >= 0)
                {
                    signature[(e * width) + row] += 1;
                }
            }

            return signature;
        }

        /// <summary>A basis of the signature columns, every column's coordinates in it, and the map back to rows.</summary>
        private sealed record Basis(int[] Columns, double[] Coordinates, double[] RowMap, int Rank, int Width);

        private Basis Span(double[] signature, int width)
        {
            // Greedy column basis by Gram-Schmidt on the width-dimensional signatures.
            var columns = new List<int>();
            var orthonormal = new List<double[]>();
            var residual = new double[width];
            for (int e = 0; e < nonTree.Length && columns.Count < width; e++)
            {
                double norm0 = 0;
                for (int k = 0; k < width; k++)
                {
                    residual[k] = signature[(e * width) + k];
                    norm0 += residual[k] * residual[k];
                }

                if (norm0 == 0)
                {
                    continue;
                }

                for (int pass = 0; pass < 2; pass++)
                {
                    foreach (double[] q in orthonormal)
                    {
                        double dot = 0;
                        for (int k = 0; k < width; k++)
                        {
                            dot += q[k] * residual[k];
                        }

                        for (int k = 0; k < width; k++)
                        {
                            residual[k] -= dot * q[k];
                        }
                    }
                }

                double norm = 0;
                for (int k = 0; k < width; k++)
                {
                    norm += residual[k] * residual[k];
                }

                if (norm > 1e-18 * Math.Max(1, norm0) && norm > 1e-12)
                {
                    double scale = 1 / Math.Sqrt(norm);
                    orthonormal.Add([.. residual.Select(x => x * scale)]);
                    columns.Add(e);
                }
            }

            int r = columns.Count;

            // Q = (M^T M)^-1 M^T maps a column to its coordinates in the basis M = G[:, B].
            var gram = new double[r, 2 * r];
            for (int a = 0; a < r; a++)
            {
                for (int b = 0; b < r; b++)
                {
                    double dot = 0;
                    for (int k = 0; k < width; k++)
                    {
                        dot += signature[(columns[a] * width) + k] * signature[(columns[b] * width) + k];
                    }

                    gram[a, b] = dot;
                }

                gram[a, r + a] = 1;
            }

            Invert(gram, r);
            var map = new double[r * width];
            for (int a = 0; a < r; a++)
            {
                for (int k = 0; k < width; k++)
                {
                    double sum = 0;
                    for (int b = 0; b < r; b++)
                    {
                        sum += gram[a, r + b] * signature[(columns[b] * width) + k];
                    }

                    map[(a * width) + k] = sum;
                }
            }

            var coordinates = new double[nonTree.Length * r];
            for (int e = 0; e < nonTree.Length; e++)
            {
                for (int a = 0; a < r; a++)
                {
                    double sum = 0;
                    for (int k = 0; k < width; k++)
                    {
                        sum += map[(a * width) + k] * signature[(e * width) + k];
                    }

                    coordinates[(e * r) + a] = sum;
                }
            }

            return new Basis([.. columns], coordinates, map, r, width);
        }

        private static void Invert(double[,] augmented, int r)
        {
            for (int col = 0; col < r; col++)
            {
                int pivot = col;
                for (int row = col + 1; row < r; row++)
                {
                    if (Math.Abs(augmented[row, col]) > Math.Abs(augmented[pivot, col]))
                    {
                        pivot = row;
                    }
                }

                for (int k = 0; k < 2 * r; k++)
                {
                    (augmented[col, k], augmented[pivot, k]) = (augmented[pivot, k], augmented[col, k]);
                }

                double inverse = 1 / augmented[col, col];
                for (int k = 0; k < 2 * r; k++)
                {
                    augmented[col, k] *= inverse;
                }

                for (int row = 0; row < r; row++)
                {
                    if (row != col && augmented[row, col] != 0)
                    {
                        double factor = augmented[row, col];
                        for (int k = 0; k < 2 * r; k++)
                        {
                            augmented[row, k] -= factor * augmented[col, k];
                        }
                    }
                }
            }
        }

        /// <summary>The coefficient of cell c in the fundamental cycle of non-tree cell number e.</summary>
        private double Crossing(int c, int e)
        {
            int d = nonTree[e];
            if (!isTree[c])
            {
                return c == d ? 1 : 0;
            }

            bool i = Below(home[d], treeChild[c]), j = Below(zoneCount + work[d], treeChild[c]);
            return i == j ? 0 : (i ? treeSign[c] : -treeSign[c]);
        }

        private double[] BasisValues(int c, Basis basis)
        {
            var values = new double[basis.Rank];
            for (int a = 0; a < basis.Rank; a++)
            {
                values[a] = Crossing(c, basis.Columns[a]);
            }

            return values;
        }

        private bool IsPinned(int c, Basis basis)
        {
            double[] tb = BasisValues(c, basis);
            int r = basis.Rank;
            for (int e = 0; e < nonTree.Length; e++)
            {
                double predicted = 0;
                for (int a = 0; a < r; a++)
                {
                    predicted += basis.Coordinates[(e * r) + a] * tb[a];
                }

                if (Math.Abs(Crossing(c, e) - predicted) > Tolerance)
                {
                    return false;
                }
            }

            return true;
        }

        public bool[] Free(int[] group, bool[] published)
        {
            double[] signature = Signatures(group, published, out int width, out _);
            Basis basis = Span(signature, width);
            var free = new bool[home.Length];
            var basisIndex = new Dictionary<int, int>();
            for (int a = 0; a < basis.Rank; a++)
            {
                basisIndex[nonTree[basis.Columns[a]]] = a;
            }

            for (int c = 0; c < home.Length; c++)
            {
                if (!hidden[c])
                {
                    continue;
                }

                // A non-tree cell outside the basis always moves: its own cycle's coefficient is free.
                free[c] = (!isTree[c] && !basisIndex.ContainsKey(c)) || !IsPinned(c, basis);
            }

            return free;
        }

        /// <summary>Weights w over the published sums with t = G^T w for a pinned cell: which sums pin it.</summary>
        public double[] Certificate(int[] group, bool[] published, int c)
        {
            double[] signature = Signatures(group, published, out int width, out int[] rowOf);
            Basis basis = Span(signature, width);
            double[] tb = BasisValues(c, basis);

            // Minimal w with M^T w = t(B): w = M (M^T M)^-1 t(B) = Map^T t(B).
            var w = new double[width];
            for (int k = 0; k < width; k++)
            {
                for (int a = 0; a < basis.Rank; a++)
                {
                    w[k] += basis.RowMap[(a * width) + k] * tb[a];
                }
            }

            var byGroup = new double[published.Length];
            for (int g = 0; g < published.Length; g++)
            {
                byGroup[g] = rowOf[g] >= 0 ? w[rowOf[g]] : 0;
            }

            return byGroup;
        }
    }
}
