namespace TrafficEngine.Congestion;

/// <summary>
/// Segment speeds per time bin, one cell per (bin, edge) that saw traffic, ordered by bin start (within a bin, in the
/// order the cells first appeared in the input). Flat arrays; edges are dense indexes of the network the traversals
/// were matched on.
/// </summary>
public sealed class SegmentSpeedTable
{
    internal SegmentSpeedTable(long binMs, long[] binStartMs, int[] edges, double[] metres, double[] seconds,
        int[] traversals, int[] vehicles, long rowsRejected, long rowsImplausibleSpeed)
    {
        BinMs = binMs;
        BinStartMs = binStartMs;
        Edges = edges;
        Metres = metres;
        Seconds = seconds;
        Traversals = traversals;
        Vehicles = vehicles;
        RowsRejected = rowsRejected;
        RowsImplausibleSpeed = rowsImplausibleSpeed;
    }

    /// <summary>Bin width in milliseconds.</summary>
    public long BinMs { get; }

    public int Count => Edges.Length;

    /// <summary>Start of each cell's bin, UTC epoch milliseconds (bins are aligned to Beijing local midnight).</summary>
    public long[] BinStartMs { get; }

    public int[] Edges { get; }

    /// <summary>Distance driven on the edge in the bin, metres.</summary>
    public double[] Metres { get; }

    /// <summary>Time spent on the edge in the bin, seconds.</summary>
    public double[] Seconds { get; }

    public int[] Traversals { get; }

    /// <summary>Distinct vehicles, counted exactly.</summary>
    public int[] Vehicles { get; }

    /// <summary>Traversal rows left out for a non-positive duration or distance, or a non-finite value.</summary>
    public long RowsRejected { get; }

    /// <summary>Traversal rows left out for a speed outside the aggregator's plausible range.</summary>
    public long RowsImplausibleSpeed { get; }

    /// <summary>Space-mean speed of a cell in km/h: distance over time (the harmonic mean of traversal speeds).</summary>
    public double SpeedKmh(int cell) => Metres[cell] / Seconds[cell] * 3.6;

    /// <summary>Vehicle-kilometres travelled in a cell.</summary>
    public double Vkt(int cell) => Metres[cell] / 1000.0;
}
