using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.MapMatching;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>
/// How closely the engine's match of one trip agrees with FMM's reference output, edges compared by id:
/// <list type="bullet">
/// <item><see cref="OpathShare"/>: the share of input points matched to the same edge as FMM's <c>opath</c> (NaN when
/// the reference has no opath; an unmatched point counts as different);</item>
/// <item><see cref="CpathOverlap"/>: the length of the edges both complete paths hold over the length of the edges
/// either holds (each distinct edge counted once at its full length; 1 - a route-mismatch fraction);</item>
/// <item><see cref="CpathEditSimilarity"/>: 1 - Levenshtein distance of the two edge sequences over the longer one's
/// length, which also sees order and repeats.</item>
/// </list>
/// The engine's complete path is its traversals' edges in driving order, consecutive repeats merged.
/// </summary>
public sealed record FmmAgreement(long TripId, double OpathShare, double CpathOverlap, double CpathEditSimilarity,
    long[] EnginePoints, long[] EnginePath)
{
    public static FmmAgreement Compute(RoadNetwork network, FmmMatch reference, TrajectoryMatch match)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(match);
        long[] points = [.. match.Edges.ToArray().Select(e => e < 0 ? -1 : network.EdgeIds[e])];
        var path = new List<long>();
        foreach (Traversal t in match.Traversals)
        {
            long id = network.EdgeIds[t.Edge];
            if (path.Count == 0 || path[^1] != id)
            {
                path.Add(id);
            }
        }

        double opath = double.NaN;
        if (reference.Opath is { } expected)
        {
            Assert.True(expected.Length == points.Length, $"Trip {reference.Id}: FMM's opath has {expected.Length} points, the trip {points.Length}.");
            opath = (double)points.Where((id, i) => id == expected[i]).Count() / points.Length;
        }

        return new FmmAgreement(reference.Id, opath, Overlap(network, path, reference.Cpath),
            1 - ((double)Levenshtein([.. path], reference.Cpath) / Math.Max(1, Math.Max(path.Count, reference.Cpath.Length))),
            points, [.. path]);
    }

    /// <summary>The figures and both paths, for the test output.</summary>
    public string Describe(FmmMatch reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            trip {TripId}: opath agreement {OpathShare:P1}, cpath length overlap {CpathOverlap:P1}, cpath edit similarity {CpathEditSimilarity:P1}
              opath FMM    {Join(reference.Opath)}
              opath engine {Join(EnginePoints)}
              cpath FMM    {Join(reference.Cpath)}
              cpath engine {Join(EnginePath)}
            """);
    }

    private static string Join(long[]? ids) => ids is null ? "(none in mr.txt)" : string.Join(',', ids);

    private static double Overlap(RoadNetwork network, IEnumerable<long> engine, IEnumerable<long> fmm)
    {
        var a = new HashSet<long>(engine);
        var b = new HashSet<long>(fmm);
        double shared = 0, union = 0;
        foreach (long id in a.Union(b))
        {
            int e = network.FindEdge(id);
            Assert.True(e >= 0, $"Edge {id} of FMM's path is not in the imported network.");
            double length = network.LengthMetres[e];
            union += length;
            if (a.Contains(id) && b.Contains(id))
            {
                shared += length;
            }
        }

        return union > 0 ? shared / union : 1;
    }

    private static int Levenshtein(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
