using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Tests.Simulation;

namespace TrafficEngine.Tests.Congestion;

/// <summary>
/// The external sort behind the congestion stage: runs on disk merged bin by bin must give the aggregator exactly
/// what one stable sort of the whole input gives (the same cells, the same sums in the same order).
/// </summary>
public sealed class TraversalSpillTests : IDisposable
{
    private static readonly RoadNetwork Grid = GridNetwork.Create(size: 6, spacingMetres: 200);
    private static readonly long Morning = new DateTimeOffset(2008, 2, 4, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
    private readonly string _temp = Directory.CreateTempSubdirectory("traffic-spill-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData(15, 1, 997, 301, false)]
    [InlineData(15, 2, 5_000, 4_096, false)]
    [InlineData(5, 3, 1_000, 1_000, true)] // stray dates years away: the comparison sort
    [InlineData(60, 4, 50_000, 700, false)] // one run, in memory
    public void Chunks_InRuns_SameTableAsTheWholeInputAggregated(int binMinutes, int seed, int runRows, int chunkRows, bool strayDates)
    {
        RecordBatch[] batches = VehicleOrderedTraversals(seed, vehicles: 60, perVehicle: 400, strayDates);
        var aggregator = new SegmentSpeedAggregator(Grid.EdgeCount, binMinutes, minSpeedKmh: 1, maxSpeedKmh: 150);
        TraversalColumns all = TraversalColumns.Gather(Grid, batches);
        SegmentSpeedTable expected = aggregator.Aggregate(all.Edges, all.Vehicles, all.EnterMs, all.ExitMs, all.Metres);

        SegmentSpeedTable actual, again;
        using (TraversalSpill spill = TraversalSpill.Write(Grid, batches, binMinutes * 60_000L, _temp, CancellationToken.None, runRows, chunkRows))
        {
            Assert.Equal(all.Edges.Length, spill.RowsKept);
            Assert.Equal(runRows >= all.Edges.Length ? 0 : (all.Edges.Length + runRows - 1) / runRows, spill.RunsOnDisk);
            int chunks = 0;
            actual = aggregator.AggregateChunks(spill.Chunks(CancellationToken.None).Select(c =>
            {
                Assert.InRange(c.Count, 1, chunkRows);
                chunks++;
                return c;
            }));
            Assert.True(chunks >= all.Edges.Length / chunkRows);
            again = aggregator.AggregateChunks(spill.Chunks(CancellationToken.None)); // read a second time, as the intervals do
        }

        Assert.Empty(Directory.GetFileSystemEntries(_temp));
        Assert.True(expected.Count > 100);
        Assert.Equal(expected.BinStartMs, actual.BinStartMs);
        Assert.Equal(expected.Edges, actual.Edges);
        Assert.Equal(expected.Metres, actual.Metres);
        Assert.Equal(expected.Seconds, actual.Seconds);
        Assert.Equal(expected.Traversals, actual.Traversals);
        Assert.Equal(expected.Vehicles, actual.Vehicles);
        Assert.Equal(expected.RowsRejected, actual.RowsRejected);
        Assert.Equal(expected.RowsImplausibleSpeed, actual.RowsImplausibleSpeed);
        Assert.Equal(actual.Edges, again.Edges);
        Assert.Equal(actual.Metres, again.Metres);
        Assert.Equal(actual.Seconds, again.Seconds);
        Assert.Equal(actual.Vehicles, again.Vehicles);
    }

    [Fact]
    public void Write_Cancelled_LeavesNoRunFiles()
    {
        RecordBatch[] batches = VehicleOrderedTraversals(seed: 9, vehicles: 40, perVehicle: 300, strayDates: false);
        using var cancel = new CancellationTokenSource();
        IEnumerable<RecordBatch> CancelAfterFirst()
        {
            yield return batches[0];
            yield return batches[1];
            cancel.Cancel();
            yield return batches[2];
        }

        Assert.Throws<OperationCanceledException>(() =>
            TraversalSpill.Write(Grid, CancelAfterFirst(), 900_000, _temp, cancel.Token, runRows: 500, chunkRows: 100));
        Assert.Empty(Directory.GetFileSystemEntries(_temp));
    }

    /// <summary>
    /// Traversals as the matcher writes them: vehicle by vehicle, each in time order over a day and a half, in several
    /// batches; a few with zero length or a speed out of range; with <paramref name="strayDates"/> some rows years away.
    /// </summary>
    private static RecordBatch[] VehicleOrderedTraversals(int seed, int vehicles, int perVehicle, bool strayDates)
    {
        var random = new Random(seed);
        var batches = new List<RecordBatch>();
        var schema = new Schema(
        [
            new Field("vehicle_id", StringType.Default, nullable: true), new Field("edge_id", Int64Type.Default, nullable: true),
            new Field("enter_time", ArrowTypes.TimestampMsUtc, nullable: true), new Field("exit_time", ArrowTypes.TimestampMsUtc, nullable: true),
            new Field("length_m", DoubleType.Default, nullable: true),
        ], []);
        for (int first = 0; first < vehicles; first += 7)
        {
            var vehicle = new StringArray.Builder();
            var edge = new FixedWidthArrayBuilder<long>(Int64Type.Default);
            var enter = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
            var exit = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
            var length = new FixedWidthArrayBuilder<double>(DoubleType.Default);
            for (int v = first; v < Math.Min(vehicles, first + 7); v++)
            {
                long clock = Morning + random.Next(3_600_000);
                for (int k = 0; k < perVehicle; k++)
                {
                    int e = random.Next(Grid.EdgeCount);
                    double metres = random.Next(40) == 0 ? 0 : Grid.LengthMetres[e] * (0.3 + (0.7 * random.NextDouble()));
                    long seconds = 5 + random.Next(random.Next(30) == 0 ? 3_000 : 90);
                    long start = strayDates && random.Next(50) == 0 ? clock - (random.Next(1, 4) * 15 * 365L * 86_400_000) : clock;
                    vehicle.Append("veh" + v);
                    edge.Append(Grid.EdgeIds[e]);
                    enter.Append(start);
                    exit.Append(start + (seconds * 1000));
                    length.Append(metres);
                    clock += (seconds * 1000) + random.Next(200_000);
                }
            }

            batches.Add(ArrowColumns.Batch(schema, [vehicle.Build(), edge.Build(), enter.Build(), exit.Build(), length.Build()]));
        }

        return [.. batches];
    }
}
