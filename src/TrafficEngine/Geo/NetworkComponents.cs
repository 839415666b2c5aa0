namespace TrafficEngine.Geo;

/// <summary>
/// Strongly connected components of a road network's directed graph (Kosaraju, iterative so that long chains of
/// nodes cannot overflow the stack). Routing between two places only makes sense inside one component: a node on a
/// car park's one-way loop or a road cut off by the data's edge reaches nothing, or is reached by nothing.
/// </summary>
public static class NetworkComponents
{
    /// <summary>The component of every node (0 .. count-1) and the number of components.</summary>
    public static (int[] Component, int Count) StronglyConnected(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = network.NodeCount;
        ReadOnlySpan<int> outOffsets = network.OutOffsets, edgeTo = network.EdgeTo;
        ReadOnlySpan<int> inOffsets = network.InOffsets, inEdges = network.InEdges, edgeFrom = network.EdgeFrom;

        // Pass 1: nodes in order of finishing a depth-first search over the out-edges.
        var order = new int[n];
        int finished = 0;
        var visited = new bool[n];
        var stackNode = new int[n];
        var stackNext = new int[n];
        for (int start = 0; start < n; start++)
        {
            if (visited[start])
            {
                continue;
            }

            int depth = 0;
            stackNode[0] = start;
            stackNext[0] = outOffsets[start];
            visited[start] = true;
            while (depth >= 0)
            {
                int v = stackNode[depth];
                if (stackNext[depth] < outOffsets[v + 1])
                {
                    int w = edgeTo[stackNext[depth]++];
                    if (!visited[w])
                    {
                        visited[w] = true;
                        depth++;
                        stackNode[depth] = w;
                        stackNext[depth] = outOffsets[w];
                    }
                }
                else
                {
                    order[finished++] = v;
                    depth--;
                }
            }
        }

        // Pass 2: in reverse finishing order, everything that reaches a node over the in-edges is its component.
        var component = new int[n];
        Array.Fill(component, -1);
        int count = 0;
        var pending = new Stack<int>();
        for (int k = n - 1; k >= 0; k--)
        {
            int root = order[k];
            if (component[root] >= 0)
            {
                continue;
            }

            component[root] = count;
            pending.Push(root);
            while (pending.TryPop(out int v))
            {
                for (int i = inOffsets[v]; i < inOffsets[v + 1]; i++)
                {
                    int u = edgeFrom[inEdges[i]];
                    if (component[u] < 0)
                    {
                        component[u] = count;
                        pending.Push(u);
                    }
                }
            }

            count++;
        }

        return (component, count);
    }

    /// <summary>Whether each node belongs to the largest strongly connected component (by nodes).</summary>
    public static bool[] Largest(RoadNetwork network)
    {
        (int[] component, int count) = StronglyConnected(network);
        var size = new int[count];
        foreach (int c in component)
        {
            size[c]++;
        }

        int largest = count == 0 ? -1 : Array.IndexOf(size, size.Max());
        var result = new bool[component.Length];
        for (int v = 0; v < component.Length; v++)
        {
            result[v] = component[v] == largest;
        }

        return result;
    }
}
