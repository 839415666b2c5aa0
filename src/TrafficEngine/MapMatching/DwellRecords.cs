using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;

namespace TrafficEngine.MapMatching;

/// <summary>
/// The matcher's third output: one record per stay (a vehicle standing: fares, loading, parking), for the parking and
/// taxi-demand work. The stays are the ones the matcher takes out of travel times (see
/// <see cref="MatchOptions.StayRadiusMetres"/>); this class measures them and writes them as Arrow columns.
/// </summary>
public static class DwellRecords
{
    public const string StartTime = "start_time";
    public const string EndTime = "end_time";
    public const string DwellSeconds = "dwell_s";
    public const string Lon = "lon";
    public const string Lat = "lat";
    public const string Fixes = "fixes";

    /// <summary>Metadata keys naming the stay rule the records were found with.</summary>
    public const string StayRadiusKey = "traffic.stay_radius_m";

    public const string StayMinSecondsKey = "traffic.stay_min_s";

    /// <summary>
    /// One row per stay, in vehicle then time order: vehicle_id (the feed's pseudonym, dictionary-encoded as in the
    /// traversals), start_time and end_time (timestamp[ms, UTC]: the stay's first and last fix), dwell_s (end less
    /// start, seconds), lon and lat (float64, WGS-84: the centroid of the stay's fixes), edge_id (the edge matched to
    /// the stay's fix nearest the centroid; null when none of its fixes had a road within the search radius), fixes
    /// (int32: how many fixes the stay holds).
    /// </summary>
    public static Schema Schema(IReadOnlyDictionary<string, string>? metadata = null) => new(
    [
        new Field(MatchSchema.VehicleId, MatchSchema.VehicleType, nullable: false),
        new Field(StartTime, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(EndTime, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(DwellSeconds, DoubleType.Default, nullable: false),
        new Field(Lon, DoubleType.Default, nullable: false),
        new Field(Lat, DoubleType.Default, nullable: false),
        new Field(MatchSchema.EdgeId, Int64Type.Default, nullable: true),
        new Field(Fixes, Int32Type.Default, nullable: false),
    ], metadata);

    /// <summary>The stay rule of <paramref name="options"/> as file metadata, added to <paramref name="metadata"/>.</summary>
    public static Dictionary<string, string> Metadata(MatchOptions options, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = metadata is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        values[StayRadiusKey] = options.StayRadiusMetres.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values[StayMinSecondsKey] = options.StayMinSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }

    /// <summary>The stay of fixes <paramref name="first"/> .. first + count - 1: its times and centroid, no edge yet.</summary>
    internal static Dwell Measure(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, ReadOnlySpan<long> timestampMs, int first, int count)
    {
        double sumLon = 0, sumLat = 0;
        for (int k = first; k < first + count; k++)
        {
            sumLon += lon[k];
            sumLat += lat[k];
        }

        return new Dwell(first, count, timestampMs[first], timestampMs[first + count - 1], sumLon / count, sumLat / count, -1);
    }

    /// <summary>
    /// Once the fixes are matched: gives each of <paramref name="result"/>'s dwells the edge matched to its fix nearest
    /// the centroid (in local metres; the first such fix on a tie), or leaves -1 when none of its fixes was matched.
    /// </summary>
    internal static void AssignEdges(ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, TrajectoryMatch result)
    {
        ReadOnlySpan<int> edges = result.Edges;
        List<Dwell> dwells = result.Dwells;
        for (int d = 0; d < dwells.Count; d++)
        {
            Dwell dwell = dwells[d];
            double cos = Math.Cos(dwell.Lat * Math.PI / 180);
            double nearest = double.PositiveInfinity;
            int edge = -1;
            for (int k = dwell.FirstFix; k < dwell.FirstFix + dwell.FixCount; k++)
            {
                double dx = (lon[k] - dwell.Lon) * cos, dy = lat[k] - dwell.Lat;
                double distance = (dx * dx) + (dy * dy);
                if (edges[k] >= 0 && distance < nearest)
                {
                    nearest = distance;
                    edge = edges[k];
                }
            }

            dwells[d] = dwell with { Edge = edge };
        }
    }

    /// <summary>
    /// One batch of a partition's dwells, in range order (vehicle then time); <paramref name="code"/> gives the
    /// feed-wide dictionary code of a partition vehicle number and <paramref name="vehicles"/> is the feed's one
    /// dictionary (an Arrow file keeps one per column).
    /// </summary>
    internal static RecordBatch Build(RoadNetwork network, IReadOnlyList<List<(int Vehicle, Dwell Dwell)>?> ranges, Func<int, int> code,
        StringArray vehicles)
    {
        int rows = ranges.Sum(r => r?.Count ?? 0);
        var vehicle = new FixedWidthArrayBuilder<int>(Int32Type.Default, rows);
        var start = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, rows);
        var end = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, rows);
        var seconds = new FixedWidthArrayBuilder<double>(DoubleType.Default, rows);
        var lons = new FixedWidthArrayBuilder<double>(DoubleType.Default, rows);
        var lats = new FixedWidthArrayBuilder<double>(DoubleType.Default, rows);
        var edgeIds = new FixedWidthArrayBuilder<long>(Int64Type.Default, rows);
        var fixes = new FixedWidthArrayBuilder<int>(Int32Type.Default, rows);
        foreach (List<(int Vehicle, Dwell Dwell)>? range in ranges)
        {
            foreach ((int v, Dwell d) in range ?? [])
            {
                vehicle.Append(code(v));
                start.Append(d.StartTimeMs);
                end.Append(d.EndTimeMs);
                seconds.Append(d.Seconds);
                lons.Append(d.Lon);
                lats.Append(d.Lat);
                if (d.Edge >= 0)
                {
                    edgeIds.Append(network.EdgeIds[d.Edge]);
                }
                else
                {
                    edgeIds.AppendNull();
                }

                fixes.Append(d.FixCount);
            }
        }

        return ArrowColumns.Batch(Schema(),
        [
            ArrowArrays.Dictionary(vehicle.Build(), vehicles), start.Build(), end.Build(), seconds.Build(), lons.Build(), lats.Build(),
            edgeIds.Build(), fixes.Build(),
        ]);
    }
}
