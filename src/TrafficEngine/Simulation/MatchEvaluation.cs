using TrafficEngine.MapMatching;

namespace TrafficEngine.Simulation;

/// <summary>
/// Scores matchers on a <see cref="SimulatedFleet"/>: the hidden Markov model matcher, and nearest-edge snapping as
/// the baseline every matcher must beat (each fix on its nearest edge within the search radius, consecutive snapped
/// edges joined by the shortest path between them, as a database snap followed by routing would do).
/// </summary>
public static class MatchEvaluation
{
    /// <summary>Matches every vehicle of the fleet (in parallel, one trajectory each) and scores the result.</summary>
    public static MatchScore ScoreHmm(MapMatcher matcher, SimulatedFleet fleet, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(fleet);
        var edges = new int[fleet.FixCount];
        var paths = new int[fleet.VehicleCount][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, fleet.VehicleCount, parallel, () => new TrajectoryMatch(), (v, _, result) =>
        {
            int start = fleet.FixOffsets[v], length = fleet.FixOffsets[v + 1] - start;
            matcher.MatchTrajectory(fleet.Lon.AsSpan(start, length), fleet.Lat.AsSpan(start, length), fleet.TimestampMs.AsSpan(start, length), result);
            result.Edges.CopyTo(edges.AsSpan(start));
            var path = new int[result.Traversals.Count];
            for (int i = 0; i < path.Length; i++)
            {
                path[i] = result.Traversals[i].Edge;
            }

            paths[v] = path;
            return result;
        }, _ => { });
        return Score(matcher, fleet, edges, paths);
    }

    /// <summary>Nearest-edge snapping within the matcher's search radius, scored the same way.</summary>
    public static MatchScore ScoreSnapping(MapMatcher matcher, SimulatedFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(fleet);
        var edges = new int[fleet.FixCount];
        var paths = new int[fleet.VehicleCount][];
        var nearest = new MatchCandidate[1];
        var scratch = new MatchCandidate[64];
        var route = new RouteSearch(matcher.Network, 1);
        var target = new int[1];
        var path = new List<int>();
        EdgeSegmentIndex index = matcher.Index;
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            path.Clear();
            route.Reset();
            int previous = -1;
            for (int i = fleet.FixOffsets[v]; i < fleet.FixOffsets[v + 1]; i++)
            {
                double x = index.Projection.X(fleet.Lon[i]), y = index.Projection.Y(fleet.Lat[i]);
                int edge = index.Query(x, y, matcher.Options.RadiusMetres, nearest, scratch) > 0 ? nearest[0].Edge : -1;
                edges[i] = edge;
                if (edge < 0 || edge == previous)
                {
                    continue;
                }

                if (previous >= 0)
                {
                    // Joined by the shortest path when one exists within a generous bound; else the snapped edges stand alone.
                    target[0] = matcher.Network.EdgeFrom[edge];
                    route.Load(matcher.Network.EdgeTo[previous], target, 5_000);
                    if (!double.IsPositiveInfinity(route.Distance(target[0])))
                    {
                        route.AppendPath(target[0], path);
                    }
                }

                path.Add(edge);
                previous = edge;
            }

            paths[v] = [.. path];
        }

        return Score(matcher, fleet, edges, paths);
    }

    private static MatchScore Score(MapMatcher matcher, SimulatedFleet fleet, int[] edges, int[][] paths)
    {
        var offsets = new int[fleet.VehicleCount + 1];
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            offsets[v + 1] = offsets[v] + paths[v].Length;
        }

        var all = new int[offsets[^1]];
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            paths[v].CopyTo(all, offsets[v]);
        }

        return MatchScore.Compute(matcher.Network, fleet, edges, offsets, all);
    }
}
