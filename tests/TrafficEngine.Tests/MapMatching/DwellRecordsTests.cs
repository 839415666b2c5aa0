using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;
using TrafficEngine.MapMatching;
using static TrafficEngine.Tests.MapMatching.TestNetworks;

namespace TrafficEngine.Tests.MapMatching;

/// <summary>Issue 10 §1: a vehicle's standing time as dwell records (where, when, how long) on hand-built roads.</summary>
public sealed class DwellRecordsTests
{
    private const long T0 = 1_202_000_000_000;

    /// <summary>
    /// Every 30 s: driving east at 10 m/s (x 50, 350), standing 5 minutes about x 600 (11 fixes within 5 m, never
    /// moving west, so the one-way reading on edge 12 is the only one), then driving on (x 850, 950).
    /// </summary>
    private static readonly (double X, double Y)[] DriveStandDrive =
    [
        (50, 0), (350, 0),
        (600, 4), (600, -2), (601, 1), (601, 3), (602, -4), (602, 0), (603, 2), (603, -1), (603, -3), (604, 4), (604, 0),
        (850, 0), (950, 0),
    ];

    private static MapMatcher Matcher(RoadNetwork network, int partitionFixes = 1 << 19) =>
        new(network, new MatchOptions { CrsCheckSampleSize = 0 }) { PartitionFixes = partitionFixes };

    [Fact]
    public void MatchTrajectory_StandingFiveMinutesBetweenTwoDrives_OneDwellWithItsTimesPlaceAndSeconds()
    {
        (double[] lon, double[] lat, long[] time) = Fixes(30, DriveStandDrive);

        TrajectoryMatch match = Matcher(StraightRoad()).MatchTrajectory(lon, lat, time);

        Dwell dwell = Assert.Single(match.Dwells);
        Assert.Equal(2, dwell.FirstFix);
        Assert.Equal(11, dwell.FixCount);
        Assert.Equal(T0 + 60_000, dwell.StartTimeMs);
        Assert.Equal(T0 + 360_000, dwell.EndTimeMs);
        Assert.Equal(300, dwell.Seconds);
        // The centroid by hand: x (600 + 600 + 601 + 601 + 602 + 602 + 603 + 603 + 603 + 604 + 604) / 11, y 4 / 11.
        Assert.Equal(6623.0 / 11, Frame.X(dwell.Lon), 3);
        Assert.Equal(4.0 / 11, Frame.Y(dwell.Lat), 3);
        Assert.Equal(12L, StraightRoad().EdgeIds[dwell.Edge]);
        Assert.Equal(match.Stays, match.Dwells.Count);
        Assert.Equal(match.DwellSeconds, match.Dwells.Sum(d => d.Seconds), 6);
    }

    [Fact]
    public void MatchTrajectory_SlowCrawlInAQueue_NoDwellAndTheQueueKeepsItsTraversals()
    {
        // 60 m every 30 s (7.2 km/h): slow, but every fix is beyond the 50 m radius of the one before.
        (double[] lon, double[] lat, long[] time) = Fixes(30, Enumerable.Range(0, 12).Select(i => (100.0 + (60 * i), 0.0)).ToArray());

        TrajectoryMatch match = Matcher(StraightRoad()).MatchTrajectory(lon, lat, time);

        Assert.Empty(match.Dwells);
        Assert.Equal(0, match.Stays);
        Assert.Equal(660, match.Traversals.Sum(t => t.LengthMetres), 0);
        Assert.All(match.Traversals, t => Assert.Equal(7.2, t.LengthMetres / ((t.ExitTimeMs - t.EnterTimeMs) / 1000) * 3.6, 1));
    }

    [Fact]
    public void MatchTrajectory_StandingOffTheRoad_DwellWithoutAnEdge()
    {
        // Standing 300 m north of the road (beyond the 100 m search radius) for 2 minutes: no fix there is matched.
        (double[] lon, double[] lat, long[] time) = Fixes(30, (100, 0), (300, 0), (350, 300), (352, 302), (349, 298), (351, 301), (353, 300), (400, 0));

        TrajectoryMatch match = Matcher(StraightRoad()).MatchTrajectory(lon, lat, time);

        Dwell dwell = Assert.Single(match.Dwells);
        Assert.Equal(-1, dwell.Edge);
        Assert.Equal(5, dwell.FixCount);
        Assert.Equal(120, dwell.Seconds);
    }

    [Fact]
    public void Match_TwoVehiclesAcrossPartitions_OneRowPerStayWithTheFeedsPseudonym()
    {
        RoadNetwork network = StraightRoad();
        (double[] lon, double[] lat, long[] time) = Fixes(30, DriveStandDrive);
        RecordBatch probes = Probes(("v-one", lon, lat, time), ("v-two", lon, lat, time.Select(t => t + 3_600_000).ToArray()));

        // A partition per vehicle: each writes its own batch, both with the feed's one vehicle dictionary.
        MatchResult result = Matcher(network, partitionFixes: lon.Length).Match([probes]);

        Assert.Equal(2, result.Dwells.Count);
        Assert.Equal(2, result.Report.Stays);
        List<(string? Vehicle, long Start, long End, double Seconds, long? Edge, int Fixes)> rows = Rows(result.Dwells);
        Assert.Equal([("v-one", T0 + 60_000, T0 + 360_000, 300.0, 12L, 11), ("v-two", T0 + 3_660_000, T0 + 3_960_000, 300.0, 12L, 11)], rows);
        Assert.All(result.Dwells, b => Assert.Equal(["v-one", "v-two"], Dictionary(b)));
    }

    [Fact]
    public void DwellsFile_WrittenAndReadBack_SameSchemaValuesAndStayRule()
    {
        RoadNetwork network = StraightRoad();
        (double[] lon, double[] lat, long[] time) = Fixes(30, DriveStandDrive);
        (double[] offLon, double[] offLat, long[] offTime) = Fixes(30, (100, 0), (350, 300), (352, 302), (348, 298), (400, 0));
        var options = new MatchOptions { CrsCheckSampleSize = 0 };
        MatchResult result = new MapMatcher(network, options).Match([Probes(("a", lon, lat, time), ("b", offLon, offLat, offTime))]);
        string path = Path.Combine(Directory.CreateTempSubdirectory("traffic-dwells-").FullName, "dwells.arrow");

        ArrowFiles.Write(path, DwellRecords.Schema(DwellRecords.Metadata(options)), result.Dwells);
        (Schema schema, List<RecordBatch> batches) = ArrowFiles.ReadAll(path);

        Assert.Equal(["vehicle_id", "start_time", "end_time", "dwell_s", "lon", "lat", "edge_id", "fixes"], schema.FieldsList.Select(f => f.Name));
        Assert.True(ArrowTypes.Same(MatchSchema.VehicleType, schema.GetFieldByName("vehicle_id").DataType));
        Assert.True(ArrowTypes.Same(ArrowTypes.TimestampMsUtc, schema.GetFieldByName("start_time").DataType));
        Assert.True(ArrowTypes.Same(ArrowTypes.TimestampMsUtc, schema.GetFieldByName("end_time").DataType));
        Assert.IsType<DoubleType>(schema.GetFieldByName("lon").DataType);
        Assert.IsType<Int64Type>(schema.GetFieldByName("edge_id").DataType);
        Assert.Equal(["edge_id"], schema.FieldsList.Where(f => f.IsNullable).Select(f => f.Name));
        Assert.Equal("50", schema.Metadata[DwellRecords.StayRadiusKey]);
        Assert.Equal("60", schema.Metadata[DwellRecords.StayMinSecondsKey]);
        Assert.Equal(Rows(result.Dwells), Rows(batches));
        Assert.Equal([("a", T0 + 60_000, T0 + 360_000, 300.0, 12L, 11), ("b", T0 + 30_000, T0 + 90_000, 60.0, null, 3)], Rows(batches));
        RecordBatch batch = Assert.Single(batches);
        var lons = batch.Require<PrimitiveArray<double>>(DwellRecords.Lon);
        var lats = batch.Require<PrimitiveArray<double>>(DwellRecords.Lat);
        Assert.Equal(6623.0 / 11, Frame.X(lons.Values[0]), 3);
        Assert.Equal(350, Frame.X(lons.Values[1]), 3); // (350 + 352 + 348) / 3
        Assert.Equal(300, Frame.Y(lats.Values[1]), 3);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Theory]
    [InlineData(-1, 60)]
    [InlineData(double.NaN, 60)]
    [InlineData(double.PositiveInfinity, 60)]
    [InlineData(50, -1)]
    [InlineData(50, double.NaN)]
    [InlineData(50, double.PositiveInfinity)]
    public void Validate_StayRadiusOrMinimumNegativeOrNotFinite_Throws(double radiusMetres, double minSeconds)
    {
        var options = new MatchOptions { StayRadiusMetres = radiusMetres, StayMinSeconds = minSeconds };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(radiusMetres == 50 ? nameof(MatchOptions.StayMinSeconds) : nameof(MatchOptions.StayRadiusMetres), error.ParamName);
    }

    [Fact]
    public void Validate_ZeroRadiusAndZeroMinimum_AreAllowed_ZeroSecondsTurnsStaysOff()
    {
        (double[] lon, double[] lat, long[] time) = Fixes(30, DriveStandDrive);
        var off = new MatchOptions { CrsCheckSampleSize = 0, StayMinSeconds = 0 };
        var pointOnly = new MatchOptions { CrsCheckSampleSize = 0, StayRadiusMetres = 0 };
        off.Validate();
        pointOnly.Validate();

        TrajectoryMatch noStays = new MapMatcher(StraightRoad(), off).MatchTrajectory(lon, lat, time);
        TrajectoryMatch exactOnly = new MapMatcher(StraightRoad(), pointOnly).MatchTrajectory(lon, lat, time);

        Assert.Empty(noStays.Dwells);
        Assert.Empty(exactOnly.Dwells); // no two consecutive fixes at the very same position
        Assert.Equal(900, noStays.Traversals.Sum(t => t.LengthMetres), 0); // every pair gives traversals: 50 .. 950
    }

    private static RecordBatch Probes(params (string Id, double[] Lon, double[] Lat, long[] Time)[] vehicles)
    {
        var ids = new StringArray.Builder();
        var time = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var lon = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        var lat = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        foreach ((string id, double[] x, double[] y, long[] t) in vehicles)
        {
            for (int i = 0; i < x.Length; i++)
            {
                ids.Append(id);
                time.Append(t[i]);
                lon.Append(x[i]);
                lat.Append(y[i]);
            }
        }

        Schema schema = ProbeSchema.Create(speedKmh: false, headingDeg: false, occupied: false);
        return ArrowColumns.Batch(schema, [ids.Build(), time.Build(), lon.Build(), lat.Build()]);
    }

    private static List<(string? Vehicle, long Start, long End, double Seconds, long? Edge, int Fixes)> Rows(IEnumerable<RecordBatch> batches) =>
        batches.SelectMany(b =>
        {
            var start = b.Require<PrimitiveArray<long>>(DwellRecords.StartTime);
            var end = b.Require<PrimitiveArray<long>>(DwellRecords.EndTime);
            var seconds = b.Require<PrimitiveArray<double>>(DwellRecords.DwellSeconds);
            var edge = b.Require<PrimitiveArray<long>>(MatchSchema.EdgeId);
            var fixes = b.Require<PrimitiveArray<int>>(DwellRecords.Fixes);
            return Enumerable.Range(0, b.Length).Select(i => (ArrowArrays.GetString(b.Column(MatchSchema.VehicleId), i), start.Values[i], end.Values[i],
                seconds.Values[i], edge.IsNull(i) ? (long?)null : edge.Values[i], fixes.Values[i]));
        }).ToList();

    private static List<string?> Dictionary(RecordBatch batch)
    {
        var vehicles = (DictionaryArray)batch.Column(MatchSchema.VehicleId);
        return Enumerable.Range(0, vehicles.Dictionary.Length).Select(i => ArrowArrays.GetString(vehicles.Dictionary, i)).ToList();
    }
}
