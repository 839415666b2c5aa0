namespace TrafficEngine.Congestion;

/// <summary>
/// Travel-time reliability per unit (a segment or a corridor) and period over the analysed date range (DOMAIN.md §3):
/// planning time index PTI = TT95 / free-flow TT, buffer index = (TT95 - mean) / mean, LOTTR = TT80 / TT50 (reliable
/// below 1.5). Travel times are those of the usable bins; percentiles by linear interpolation (type 7).
/// </summary>
public sealed class ReliabilityTable
{
    private readonly List<Row> _rows = [];

    public int Count => _rows.Count;

    public IReadOnlyList<Row> Rows => _rows;

    internal void Add(Row row) => _rows.Add(row);

    /// <param name="Unit">Dense edge index for segments, corridor index for corridors.</param>
    /// <param name="Period">The period.</param>
    /// <param name="Days">Local days with at least one usable bin in the period.</param>
    /// <param name="Samples">Usable bins.</param>
    /// <param name="FreeFlowSeconds">Free-flow travel time.</param>
    /// <param name="MeanSeconds">Mean travel time.</param>
    /// <param name="P50Seconds">Median travel time.</param>
    /// <param name="P80Seconds">80th percentile travel time.</param>
    /// <param name="P95Seconds">95th percentile travel time.</param>
    /// <param name="CongestedHoursPerDay">Hours per observed day spent congested (at or above the congested level).</param>
    public sealed record Row(int Unit, ReliabilityPeriod Period, int Days, int Samples, double FreeFlowSeconds,
        double MeanSeconds, double P50Seconds, double P80Seconds, double P95Seconds, double CongestedHoursPerDay)
    {
        public double PlanningTimeIndex => P95Seconds / FreeFlowSeconds;

        public double BufferIndex => (P95Seconds - MeanSeconds) / MeanSeconds;

        public double Lottr => P80Seconds / P50Seconds;

        /// <summary>FHWA: a unit is reliable in a period when its LOTTR is below 1.5.</summary>
        public bool Reliable => Lottr < 1.5;
    }
}
