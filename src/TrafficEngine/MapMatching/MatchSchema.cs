using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.MapMatching;

/// <summary>Column names and schemas of the matcher's two outputs: matched points and edge traversals.</summary>
public static class MatchSchema
{
    public const string VehicleId = "vehicle_id";
    public const string Timestamp = "timestamp";
    public const string Matched = "matched";
    public const string Piece = "piece";
    public const string EdgeId = "edge_id";
    public const string FromNode = "from_node";
    public const string ToNode = "to_node";
    public const string OffsetMetres = "offset_m";
    public const string DistanceMetres = "distance_m";
    public const string Confidence = "confidence";
    public const string EnterTime = "enter_time";
    public const string ExitTime = "exit_time";
    public const string Fraction = "fraction";
    public const string LengthMetres = "length_m";
    public const string SpeedKmh = "speed_kmh";

    public const string SummaryKey = "traffic.match_summary";
    public const string NetworkKey = "traffic.network";

    /// <summary>
    /// One row per input fix, in input order: vehicle_id, timestamp[ms, UTC], matched (false: no edge within the
    /// search radius; every following column is then null), piece (trajectory piece number within the vehicle, new
    /// after each break), edge_id, from_node, to_node (source ids), offset_m along the edge from its start node,
    /// distance_m from the fix to that position, confidence (see <see cref="TrajectoryMatch.Confidence"/>).
    /// </summary>
    public static Schema Points(IReadOnlyDictionary<string, string>? metadata = null) => new(
    [
        new Field(VehicleId, StringType.Default, nullable: false),
        new Field(Timestamp, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(Matched, BooleanType.Default, nullable: false),
        new Field(Piece, Int32Type.Default, nullable: true),
        new Field(EdgeId, Int64Type.Default, nullable: true),
        new Field(FromNode, Int64Type.Default, nullable: true),
        new Field(ToNode, Int64Type.Default, nullable: true),
        new Field(OffsetMetres, DoubleType.Default, nullable: true),
        new Field(DistanceMetres, DoubleType.Default, nullable: true),
        new Field(Confidence, DoubleType.Default, nullable: true),
    ], metadata);

    /// <summary>
    /// One row per pass along an edge, in driving order per vehicle: vehicle_id, piece, edge_id, from_node, to_node,
    /// enter_time and exit_time (interpolated along the route between fixes in proportion to distance), fraction of the
    /// edge covered (below 1 on a piece's first and last edges), length_m driven on it, speed_kmh (null when the
    /// times are equal), confidence (the lower confidence of the two fixes around each part of the pass).
    /// </summary>
    public static Schema Traversals(IReadOnlyDictionary<string, string>? metadata = null) => new(
    [
        new Field(VehicleId, StringType.Default, nullable: false),
        new Field(Piece, Int32Type.Default, nullable: false),
        new Field(EdgeId, Int64Type.Default, nullable: false),
        new Field(FromNode, Int64Type.Default, nullable: false),
        new Field(ToNode, Int64Type.Default, nullable: false),
        new Field(EnterTime, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(ExitTime, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(Fraction, DoubleType.Default, nullable: false),
        new Field(LengthMetres, DoubleType.Default, nullable: false),
        new Field(SpeedKmh, DoubleType.Default, nullable: true),
        new Field(Confidence, DoubleType.Default, nullable: false),
    ], metadata);
}
