namespace TrafficEngine.Commute;

/// <summary>Which OD cells are hidden in publication, and why.</summary>
public sealed record SuppressionResult(bool[] Suppressed, bool[] Primary, int PrimaryCount, int ComplementaryCount, int UnprotectedCount);

/// <summary>
/// Small-cell suppression of an OD table for publication with row and column totals (residents and jobs per zone).
/// Primary: every cell with 0 &lt; commuters &lt; k. Complementary: an attacker who knows the published cells and
/// the totals knows, per row and column, the sum of its hidden cells; the hidden cells are then the flows of a
/// bipartite network (home zones to work zones) with known node balances. A hidden cell is pinned to one value
/// exactly when it is a bridge of that network (no cycle of hidden cells runs through it); on a cycle of positive
/// cells every cell can move both ways by the cycle's smallest cell, so its feasible range is an interval, not a
/// point. This covers every linear combination, not only single rows and columns (which the "two per row and
/// column" rule alone leaves open). So: while some hidden cell is a bridge, hide the cheapest published cells that
/// close a cycle through it (a shortest path from its work zone back to its home zone over positive cells, costing
/// a published cell its commuters and a hidden one nothing). A bridge with no such path cannot be protected by
/// cells (its row or column has nothing else) and is counted as unprotected. Zero cells are never hidden (absent
/// pairs are known zeros).
/// </summary>
public static class OdSuppression
{
    public static SuppressionResult Suppress(int zoneCount, int[] home, int[] work, double[] commuters, double k)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(commuters);
        int cells = home.Length;
        var suppressed = new bool[cells];
        var primary = new bool[cells];
        int primaryCount = 0;
        for (int c = 0; c < cells; c++)
        {
            if (commuters[c] > 0 && commuters[c] < k)
            {
                suppressed[c] = primary[c] = true;
                primaryCount++;
            }
        }

        // Adjacency of positive cells: home i is node i, work j is node zoneCount + j.
        int nodes = 2 * zoneCount;
        var adjacency = new List<int>[nodes];
        for (int v = 0; v < nodes; v++)
        {
            adjacency[v] = [];
        }

        for (int c = 0; c < cells; c++)
        {
            if (commuters[c] > 0)
            {
                adjacency[home[c]].Add(c);
                adjacency[zoneCount + work[c]].Add(c);
            }
        }

        var unprotectable = new bool[cells];
        int added = 0;
        var bridges = new List<int>();
        while (true)
        {
            // One pass: every bridge of the hidden cells' graph; a bridge closed by an earlier cycle of the pass is
            // skipped (a search over hidden cells only), the rest get the cheapest cycle through published cells.
            Bridges(zoneCount, home, work, suppressed, adjacency, unprotectable, bridges);
            if (bridges.Count == 0)
            {
                break;
            }

            foreach (int bridge in bridges)
            {
                if (HiddenPath(zoneCount, home, work, suppressed, adjacency, bridge))
                {
                    continue;
                }

                List<int>? path = CheapestCycle(zoneCount, home, work, commuters, suppressed, adjacency, bridge);
                if (path is null)
                {
                    unprotectable[bridge] = true;
                    continue;
                }

                foreach (int c in path)
                {
                    if (!suppressed[c])
                    {
                        suppressed[c] = true;
                        added++;
                    }
                }
            }
        }

        return new SuppressionResult(suppressed, primary, primaryCount, added, unprotectable.Count(u => u));
    }

    private static int Other(int zoneCount, int[] home, int[] work, int cell, int node) =>
        node == home[cell] ? zoneCount + work[cell] : home[cell];

    /// <summary>The hidden cells that are bridges of the hidden cells' graph (iterative Tarjan low-links), less the skipped.</summary>
    private static void Bridges(int zoneCount, int[] home, int[] work, bool[] suppressed, List<int>[] adjacency, bool[] skip, List<int> bridges)
    {
        bridges.Clear();
        int nodes = adjacency.Length;
        var order = new int[nodes];
        var low = new int[nodes];
        Array.Fill(order, -1);
        var stack = new Stack<(int Node, int ViaCell, int Next)>();
        int time = 0;
        for (int root = 0; root < nodes; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }

            order[root] = low[root] = time++;
            stack.Push((root, -1, 0));
            while (stack.Count > 0)
            {
                (int node, int via, int next) = stack.Pop();
                List<int> edges = adjacency[node];
                bool descended = false;
                while (next < edges.Count)
                {
                    int cell = edges[next++];
                    if (!suppressed[cell] || cell == via)
                    {
                        continue;
                    }

                    int to = Other(zoneCount, home, work, cell, node);
                    if (order[to] < 0)
                    {
                        stack.Push((node, via, next));
                        order[to] = low[to] = time++;
                        stack.Push((to, cell, 0));
                        descended = true;
                        break;
                    }

                    low[node] = Math.Min(low[node], order[to]);
                }

                if (descended || via < 0)
                {
                    continue;
                }

                int parent = Other(zoneCount, home, work, via, node);
                low[parent] = Math.Min(low[parent], low[node]);
                if (low[node] > order[parent] && !skip[via])
                {
                    bridges.Add(via);
                }
            }
        }
    }

    /// <summary>Whether hidden cells other than the bridge join its work zone back to its home zone (breadth first).</summary>
    private static bool HiddenPath(int zoneCount, int[] home, int[] work, bool[] suppressed, List<int>[] adjacency, int bridge)
    {
        int source = zoneCount + work[bridge], target = home[bridge];
        var seen = new HashSet<int> { source };
        var queue = new Queue<int>();
        queue.Enqueue(source);
        while (queue.TryDequeue(out int node))
        {
            foreach (int cell in adjacency[node])
            {
                if (cell == bridge || !suppressed[cell])
                {
                    continue;
                }

                int to = Other(zoneCount, home, work, cell, node);
                if (to == target)
                {
                    return true;
                }

                if (seen.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Cells of the cheapest path from the bridge's work zone to its home zone avoiding the bridge (Dijkstra; a
    /// published cell costs its commuters, a hidden one nothing), or null when there is none.
    /// </summary>
    private static List<int>? CheapestCycle(int zoneCount, int[] home, int[] work, double[] commuters, bool[] suppressed, List<int>[] adjacency, int bridge)
    {
        int nodes = adjacency.Length, source = zoneCount + work[bridge], target = home[bridge];
        var distance = new double[nodes];
        var viaCell = new int[nodes];
        Array.Fill(distance, double.PositiveInfinity);
        Array.Fill(viaCell, -1);
        distance[source] = 0;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out int node, out double d))
        {
            if (d > distance[node])
            {
                continue;
            }

            if (node == target)
            {
                break;
            }

            foreach (int cell in adjacency[node])
            {
                if (cell == bridge)
                {
                    continue;
                }

                int to = Other(zoneCount, home, work, cell, node);
                double candidate = d + (suppressed[cell] ? 0 : commuters[cell]);
                if (candidate < distance[to])
                {
                    distance[to] = candidate;
                    viaCell[to] = cell;
                    queue.Enqueue(to, candidate);
                }
            }
        }

        if (!double.IsFinite(distance[target]))
        {
            return null;
        }

        var path = new List<int>();
        for (int node = target; node != source; node = Other(zoneCount, home, work, viaCell[node], node))
        {
            path.Add(viaCell[node]);
        }

        return path;
    }
}
