using TrafficEngine.Geo;

namespace TrafficEngine.Simulation;

/// <summary>
/// How well a map matcher recovered a <see cref="SimulatedFleet"/>'s truth, by the two measures of the literature.
/// </summary>
/// <param name="RouteMismatchFraction">
/// Newson &amp; Krumm's route mismatch: over all vehicles, (length of true path edges the matched path misses + length
/// of matched edges not on the true path) / true path length; edges counted with multiplicity, whole edge lengths.
/// </param>
/// <param name="FixesOnTrueEdge">Share of all fixes matched to the directed edge they were really on; unmatched fixes count as wrong.</param>
/// <param name="FixesMatched">Share of fixes the matcher matched at all.</param>
/// <param name="Vehicles">Vehicles scored.</param>
/// <param name="Fixes">Fixes scored.</param>
/// <param name="TruePathMetres">Total true path length, metres.</param>
public sealed record MatchScore(double RouteMismatchFraction, double FixesOnTrueEdge, double FixesMatched,
    int Vehicles, int Fixes, double TruePathMetres)
{
    /// <summary>
    /// Scores a matcher's output. <paramref name="matchedEdges"/> holds, per fix of the fleet, the dense index of the
    /// edge it was matched to or -1. <paramref name="matchedPathOffsets"/>/<paramref name="matchedPathEdges"/> hold
    /// each vehicle's matched path (dense edge indexes in driving order, breaks simply concatenated).
    /// </summary>
    public static MatchScore Compute(RoadNetwork network, SimulatedFleet fleet, ReadOnlySpan<int> matchedEdges,
        ReadOnlySpan<int> matchedPathOffsets, ReadOnlySpan<int> matchedPathEdges)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(fleet);
        if (matchedEdges.Length != fleet.FixCount)
        {
            throw new ArgumentException($"Expected {fleet.FixCount} matched edges, got {matchedEdges.Length}.", nameof(matchedEdges));
        }

        if (matchedPathOffsets.Length != fleet.VehicleCount + 1)
        {
            throw new ArgumentException($"Expected {fleet.VehicleCount + 1} path offsets, got {matchedPathOffsets.Length}.", nameof(matchedPathOffsets));
        }

        int onTrue = 0, matched = 0;
        for (int i = 0; i < fleet.FixCount; i++)
        {
            if (matchedEdges[i] >= 0)
            {
                matched++;
                if (matchedEdges[i] == fleet.TrueEdges[i])
                {
                    onTrue++;
                }
            }
        }

        double trueMetres = 0, wrongMetres = 0;
        var counts = new Dictionary<int, int>();
        ReadOnlySpan<double> length = network.LengthMetres;
        for (int v = 0; v < fleet.VehicleCount; v++)
        {
            counts.Clear();
            for (int p = fleet.PathOffsets[v]; p < fleet.PathOffsets[v + 1]; p++)
            {
                int e = fleet.PathEdges[p];
                trueMetres += length[e];
                counts[e] = counts.GetValueOrDefault(e) + 1;
            }

            for (int p = matchedPathOffsets[v]; p < matchedPathOffsets[v + 1]; p++)
            {
                int e = matchedPathEdges[p];
                int left = counts.GetValueOrDefault(e);
                if (left > 0)
                {
                    counts[e] = left - 1;
                }
                else
                {
                    wrongMetres += length[e]; // added: matched but not (or not that often) on the true path
                }
            }

            foreach (KeyValuePair<int, int> missed in counts)
            {
                wrongMetres += missed.Value * length[missed.Key]; // missed: true but not matched
            }
        }

        int fixes = fleet.FixCount;
        return new MatchScore(
            trueMetres > 0 ? wrongMetres / trueMetres : 0,
            fixes > 0 ? (double)onTrue / fixes : 0,
            fixes > 0 ? (double)matched / fixes : 0,
            fleet.VehicleCount, fixes, trueMetres);
    }
}
