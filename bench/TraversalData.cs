namespace Bench;

/// <summary>
/// Synthetic traversals for the aggregation benches: one Beijing day, time-ordered by enter time, edges drawn with a
/// skew (busy arterials), 20,000 vehicles, 51,148 edges (the drivable Beijing network's size). Deterministic.
/// </summary>
public sealed class TraversalData
{
    public const int EdgeCount = 51_148;
    public const int VehicleCount = 20_000;

    public TraversalData(int rows, int seed = 42)
    {
        var random = new Random(seed);
        Edges = new int[rows];
        Vehicles = new int[rows];
        EnterMs = new long[rows];
        ExitMs = new long[rows];
        Metres = new double[rows];
        long day = new DateTimeOffset(2008, 2, 4, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();
        for (int i = 0; i < rows; i++)
        {
            double u = random.NextDouble();
            Edges[i] = (int)(EdgeCount * u * u); // skewed towards low ids
            Vehicles[i] = random.Next(VehicleCount);
            EnterMs[i] = day + (long)((double)i / rows * 86_400_000);
            double metres = 20 + (random.NextDouble() * 300);
            ExitMs[i] = EnterMs[i] + (long)(metres / (2 + (random.NextDouble() * 18)) * 1000);
            Metres[i] = metres;
        }
    }

    public int[] Edges { get; }

    public int[] Vehicles { get; }

    public long[] EnterMs { get; }

    public long[] ExitMs { get; }

    public double[] Metres { get; }

    public int Length => Edges.Length;
}
