using System.Runtime.CompilerServices;
using TrafficEngine.Geo;

namespace TrafficEngine.Congestion;

/// <summary>
/// Typical speed per edge and Beijing local hour of day, workdays and other days apart, from history: the space-mean
/// speed (distance over time) of every history cell of the slot over the <see cref="CongestionOptions.HistoryDays"/>
/// days before the current data, low-sample cells included (nothing here is published; many days of few vehicles
/// still make a typical speed). A slot with fewer than <see cref="CongestionOptions.MinHourlyTraversals"/> traversals
/// is unknown (NaN). Memory: 48 floats for each edge with history, nothing for the others.
/// </summary>
public sealed class TypicalSpeeds
{
    /// <summary>Slots per edge: 24 workday hours, then 24 hours of weekends and holidays.</summary>
    public const int SlotsPerEdge = 48;

    private readonly int[] _blockOf;
    private readonly float[] _kmh;
    private readonly BeijingCalendar _calendar;

    private TypicalSpeeds(int[] blockOf, float[] kmh, BeijingCalendar calendar, HistoryReport report)
    {
        _blockOf = blockOf;
        _kmh = kmh;
        _calendar = calendar;
        Report = report;
        KnownEdges = kmh.Length / SlotsPerEdge;
    }

    public int EdgeCount => _blockOf.Length;

    /// <summary>Edges with history (at least one cell; a slot may still be unknown).</summary>
    public int KnownEdges { get; }

    /// <summary>What reading the history found.</summary>
    public HistoryReport Report { get; }

    /// <summary>The slot of an instant: its Beijing local hour, plus 24 on a day that is not a workday of the calendar.</summary>
    public int SlotOf(long utcMs) =>
        (int)(BeijingCalendar.LocalTimeOfDayMs(utcMs) / 3_600_000) + (_calendar.IsWorkday(BeijingCalendar.LocalDay(utcMs)) ? 0 : 24);

    /// <summary>The typical speed of an edge (dense index) at an instant, km/h; NaN where unknown.</summary>
    public float Kmh(int edge, long utcMs) => Kmh(edge, SlotOf(utcMs));

    /// <summary>The typical speed of an edge (dense index) in a slot (see <see cref="SlotOf"/>), km/h; NaN where unknown.</summary>
    public float Kmh(int edge, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)SlotsPerEdge, nameof(slot));
        int block = _blockOf[edge];
        return block < 0 ? float.NaN : _kmh[(block * SlotsPerEdge) + slot];
    }

    /// <summary>
    /// Reads the typical speeds of the <see cref="CongestionOptions.HistoryDays"/> days before
    /// <paramref name="beforeUtcMs"/> from earlier segment_speeds.arrow files (or folders of them, see
    /// <see cref="SpeedHistory.Files"/>), edges matched by id. The calendar, history length and minimum traversals
    /// come from <paramref name="options"/> (defaults when null).
    /// </summary>
    public static TypicalSpeeds Load(RoadNetwork network, IEnumerable<string> files, long beforeUtcMs, CongestionOptions? options = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new CongestionOptions();
        options.Validate();
        var builder = new Builder(network.EdgeCount, options);
        HistoryReport report = SpeedHistory.Read(network, SpeedHistory.Files(files), beforeUtcMs, options, builder.Add, cancel: cancel);
        return builder.Build(report);
    }

    /// <summary>Sums distance, time and traversals per edge and slot as history cells stream in.</summary>
    internal sealed class Builder
    {
        private readonly int[] _blockOf;
        private readonly CongestionOptions _options;
        private double[] _metres = [];
        private double[] _seconds = [];
        private int[] _traversals = [];
        private int _blocks;

        public Builder(int edgeCount, CongestionOptions options)
        {
            _blockOf = new int[edgeCount];
            System.Array.Fill(_blockOf, -1);
            _options = options;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(HistoryCells cells)
        {
            long lastDay = long.MinValue;
            int dayOffset = 0;
            for (int i = 0; i < cells.Count; i++)
            {
                long bin = cells.BinStartMs[i];
                long day = BeijingCalendar.LocalDay(bin);
                if (day != lastDay)
                {
                    lastDay = day;
                    dayOffset = _options.Calendar.IsWorkday(day) ? 0 : 24;
                }

                int edge = cells.Edges[i];
                if (_blockOf[edge] < 0)
                {
                    Grow();
                    _blockOf[edge] = _blocks++;
                }

                int at = (_blockOf[edge] * SlotsPerEdge) + dayOffset + (int)(BeijingCalendar.LocalTimeOfDayMs(bin) / 3_600_000);
                _metres[at] += cells.Metres[i];
                _seconds[at] += cells.Seconds[i];
                _traversals[at] += cells.Traversals[i];
            }
        }

        public TypicalSpeeds Build(HistoryReport report)
        {
            var kmh = new float[_blocks * SlotsPerEdge];
            for (int s = 0; s < kmh.Length; s++)
            {
                kmh[s] = _traversals[s] >= _options.MinHourlyTraversals && _seconds[s] > 0 ? (float)(_metres[s] / _seconds[s] * 3.6) : float.NaN;
            }

            return new TypicalSpeeds(_blockOf, kmh, _options.Calendar, report);
        }

        private void Grow()
        {
            int needed = (_blocks + 1) * SlotsPerEdge;
            if (needed <= _metres.Length)
            {
                return;
            }

            int size = Math.Max(needed, _metres.Length * 2);
            System.Array.Resize(ref _metres, size);
            System.Array.Resize(ref _seconds, size);
            System.Array.Resize(ref _traversals, size);
        }
    }
}
