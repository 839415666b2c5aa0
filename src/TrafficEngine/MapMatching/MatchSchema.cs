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
    public const string OffsetMetres = "offset_m";
    public const string DistanceMetres = "distance_m";
    public const string Confidence = "confidence";
    public const string EnterTime = "enter_time";
    public const string ExitTime = "exit_time";
    public const string Fraction = "fraction";
    public const string SpeedKmh = "speed_kmh";

    public const string NetworkKey = "traffic.network";

    /// <summary>The vehicle column of both outputs: the pseudonyms as a utf8 dictionary with int32 indices.</summary>
    public static IArrowType VehicleType { get; } = ArrowTypes.DictionaryUtf8;

    /// <summary>
    /// One row per input fix, in input order: vehicle_id (dictionary-encoded), timestamp[ms, UTC], matched (false: no
    /// edge within the search radius; every following column is then null), piece (trajectory piece number within the
    /// vehicle, new after each break), edge_id (its from and to nodes are in the network file), offset_m along the
    /// edge from its start node, distance_m from the fix to that position (float32: a GPS fix is not known to better
    /// than a millimetre), confidence (see <see cref="TrajectoryMatch.Confidence"/>).
    /// </summary>
    public static Schema Points(IReadOnlyDictionary<string, string>? metadata = null) => new(
    [
        new Field(VehicleId, VehicleType, nullable: false),
        new Field(Timestamp, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(Matched, BooleanType.Default, nullable: false),
        new Field(Piece, Int32Type.Default, nullable: true),
        new Field(EdgeId, Int64Type.Default, nullable: true),
        new Field(OffsetMetres, FloatType.Default, nullable: true),
        new Field(DistanceMetres, FloatType.Default, nullable: true),
        new Field(Confidence, FloatType.Default, nullable: true),
    ], metadata);

    /// <summary>
    /// One row per pass along an edge, in driving order per vehicle, 36 bytes a row: vehicle_id (dictionary-encoded),
    /// edge_id (its nodes, length and class are in the network file), enter_time and exit_time (timestamp[ms, UTC],
    /// interpolated along the route between fixes in proportion to distance), fraction of the edge covered (below 1 on
    /// a piece's first and last edges; metres driven = fraction x the edge's length_m), speed_kmh (null when the times
    /// are equal). Fraction and speed are float32 (7 significant digits: a fraction to 0.1 mm of a 1 km edge).
    /// </summary>
    public static Schema Traversals(IReadOnlyDictionary<string, string>? metadata = null) => new(
    [
        new Field(VehicleId, VehicleType, nullable: false),
        new Field(EdgeId, Int64Type.Default, nullable: false),
        new Field(EnterTime, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(ExitTime, ArrowTypes.TimestampMsUtc, nullable: false),
        new Field(Fraction, FloatType.Default, nullable: false),
        new Field(SpeedKmh, FloatType.Default, nullable: true),
    ], metadata);
}
