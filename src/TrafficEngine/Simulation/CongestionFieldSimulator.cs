using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.Simulation;

/// <summary>
/// A simulated taxi workday under a known <see cref="CongestionField"/>: each taxi starts at a random node within the
/// first hour of service and, until the end of service, drives a fare along the fastest path (2-15 km by default),
/// stands at the drop-off, then either cruises vacant for a while (a random walk, slower than traffic) or drives
/// straight to the next fare, stands at the pick-up, and so on. On every edge it drives at the field's speed at the
/// moment it enters the edge, within a small driver spread. Fixes every interval seconds with Gaussian noise, the
/// occupied flag when asked. Deterministic for a given seed. What it knows besides the fixes: the field, the fleet's
/// vehicle-kilometres per road class and bin (the TPI weights), the standing time and the cruising distance.
/// </summary>
public static class CongestionFieldSimulator
{
    private const double MetresPerDegree = GreatCircle.EarthRadiusMetres * Math.PI / 180.0;
    private const int MaxRouteAttempts = 20;

    public static CongestionDay Simulate(RoadNetwork network, CongestionFieldOptions options, long binMs = 900_000)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (network.EdgeCount == 0)
        {
            throw new ArgumentException("The network has no edges.", nameof(network));
        }

        var field = new CongestionField(network, options);
        var seconds = new double[network.EdgeCount];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            seconds[e] = network.LengthMetres[e] / (field.FreeFlowKmh(e) / 3.6);
        }

        // Vehicles are independent (each has its own random stream), so they run in parallel and merge in order.
        var runs = new State[options.Vehicles];
        using var searches = new ThreadLocal<FastestPath>(() => new FastestPath(network, seconds));
        Parallel.For(0, options.Vehicles, v =>
        {
            var run = new State(network, field, options, binMs, searches.Value!, v);
            run.DriveVehicle();
            runs[v] = run;
        });
        return State.Merge(field, options, binMs, runs);
    }

    private sealed class State
    {
        private readonly RoadNetwork _network;
        private readonly CongestionField _field;
        private readonly CongestionFieldOptions _options;
        private readonly long _binMs;
        private readonly Random _random;
        private readonly FastestPath _search;
        private readonly List<int> _route = [];
        private readonly List<int> _vehicle = [];
        private readonly List<long> _time = [];
        private readonly List<double> _lon = [];
        private readonly List<double> _lat = [];
        private readonly List<bool> _occupied = [];
        private readonly List<int> _trueEdge = [];
        private readonly List<FixActivity> _activities = [];
        private readonly double[] _classVkt;
        private readonly long _serviceEndMs;
        private double _standingSeconds;
        private double _cruisingMetres;
        private double _drivenMetres;
        private long _nextFixMs;
        private readonly int _currentVehicle;
        private bool _onBoard;
        private FixActivity _activity;

        public State(RoadNetwork network, CongestionField field, CongestionFieldOptions options, long binMs, FastestPath search, int vehicle)
        {
            _network = network;
            _field = field;
            _options = options;
            _binMs = binMs;
            _random = new Random(Seeds.Mix(options.TrafficSeed ?? options.Seed, vehicle));
            _search = search;
            _currentVehicle = vehicle;
            _serviceEndMs = field.MidnightUtcMs + (long)(options.EndHour * 3_600_000);
            _classVkt = new double[(int)(86_400_000 / binMs + 1) * RoadClasses.Count];
        }

        public void DriveVehicle()
        {
            long t = _field.MidnightUtcMs + (long)(_options.StartHour * 3_600_000) + (long)(_random.NextDouble() * 3_600_000);
            _nextFixMs = t + (long)(_random.NextDouble() * _options.IntervalSeconds * 1000);
            int node = _network.EdgeFrom[_random.Next(_network.EdgeCount)];
            bool fare = true;
            while (t < _serviceEndMs)
            {
                double minMetres = fare ? _options.MinTripMetres : 500;
                double maxMetres = fare ? _options.MaxTripMetres : 3_000;
                _onBoard = fare;
                if (!fare && _random.NextDouble() < _options.CruiseProbability)
                {
                    (t, node) = Cruise(node, t, t + Seconds(_options.MinCruiseSeconds, _options.MaxCruiseSeconds));
                }
                else if (PickRoute(node, minMetres, maxMetres))
                {
                    _activity = fare ? FixActivity.Fare : FixActivity.ToFare;
                    (t, node) = DriveRoute(t, _options.DriverSpread, 1.0);
                }
                else
                {
                    // Stuck where no route of that length leaves (the network's edge): wander away instead.
                    long before = t;
                    (t, node) = Cruise(node, t, t + Seconds(_options.MinCruiseSeconds, _options.MaxCruiseSeconds));
                    if (t == before && _options.MaxStopSeconds <= 0)
                    {
                        break; // a dead end with no way out and no stands to pass the time: the taxi's day ends here
                    }
                }

                // Drop-off after a fare, pick-up after the vacant stretch: the taxi stands, and then the flag flips.
                t = Stand(node, t, t + Seconds(_options.MinStopSeconds, _options.MaxStopSeconds));
                fare = !fare;
            }
        }

        private long Seconds(double min, double max) => (long)((min + ((max - min) * _random.NextDouble())) * 1000);

        private bool PickRoute(int origin, double minMetres, double maxMetres)
        {
            // A trip length drawn uniformly within the bounds; the first node the fastest-path search settles beyond it.
            for (int attempt = 0; attempt < MaxRouteAttempts; attempt++)
            {
                double target = minMetres + ((maxMetres - minMetres) * _random.NextDouble());
                int destination = _search.SearchToDistance(origin, target, maxMetres);
                if (destination >= 0 && destination != origin)
                {
                    _search.PathTo(destination, _route);
                    return _route.Count > 0;
                }
            }

            return false;
        }

        private (long Time, int Node) DriveRoute(long t, double spread, double share)
        {
            int node = _network.EdgeFrom[_route[0]];
            foreach (int e in _route)
            {
                if (t >= _serviceEndMs)
                {
                    break;
                }

                t = DriveEdge(e, t, spread, share);
                node = _network.EdgeTo[e];
            }

            return (t, node);
        }

        private (long Time, int Node) Cruise(int node, long t, long until)
        {
            _onBoard = false;
            _activity = FixActivity.Cruising;
            int previous = -1;
            ReadOnlySpan<int> outOffsets = _network.OutOffsets;
            while (t < until && t < _serviceEndMs)
            {
                int first = outOffsets[node], count = outOffsets[node + 1] - first;
                if (count == 0)
                {
                    break;
                }

                int e = first + _random.Next(count);
                if (count > 1 && previous >= 0 && _network.EdgeTo[e] == _network.EdgeFrom[previous])
                {
                    e = first + ((e - first + 1) % count); // no U-turn where another way out exists
                }

                double before = _drivenMetres;
                t = DriveEdge(e, t, _options.DriverSpread, _options.CruiseSpeedShare);
                _cruisingMetres += _drivenMetres - before;
                previous = e;
                node = _network.EdgeTo[e];
            }

            return (t, node);
        }

        private long DriveEdge(int e, long t, double spread, double share)
        {
            double kmh = _field.SpeedKmh(e, t) * share * (1 - spread + (2 * spread * _random.NextDouble()));
            double metresPerMs = kmh / 3.6 / 1000;
            double length = _network.LengthMetres[e];
            long exit = t + Math.Max(1, (long)Math.Round(length / metresPerMs));
            while (_nextFixMs < exit)
            {
                double along = Math.Clamp((_nextFixMs - t) * metresPerMs, 0, length);
                (double x, double y) = _network.PointAlong(e, along);
                AddFix(x, y, e);
            }

            _drivenMetres += length;
            long bin = (t - _field.MidnightUtcMs) / _binMs;
            if (bin >= 0 && bin * RoadClasses.Count < _classVkt.Length)
            {
                _classVkt[(bin * RoadClasses.Count) + (int)_network.Classes[e]] += length / 1000;
            }

            return exit;
        }

        private long Stand(int node, long t, long until)
        {
            until = Math.Min(until, _serviceEndMs);
            double x = _network.NodeLon[node], y = _network.NodeLat[node];
            while (_nextFixMs < until)
            {
                AddFix(x, y, -1);
            }

            _standingSeconds += Math.Max(0, until - t) / 1000.0;
            return Math.Max(t, until);
        }

        private void AddFix(double x, double y, int edge)
        {
            double cosLat = Math.Cos(y * Math.PI / 180.0);
            _vehicle.Add(_currentVehicle);
            _time.Add(_nextFixMs);
            _lon.Add(x + (TraceSimulator.Gaussian(_random) * _options.NoiseMetres / (MetresPerDegree * cosLat)));
            _lat.Add(y + (TraceSimulator.Gaussian(_random) * _options.NoiseMetres / MetresPerDegree));
            _occupied.Add(_onBoard);
            _activities.Add(edge < 0 ? FixActivity.Standing : _activity);
            _trueEdge.Add(edge);
            _nextFixMs += (long)(_options.IntervalSeconds * 1000);
        }

        public static CongestionDay Merge(CongestionField field, CongestionFieldOptions options, long binMs, State[] runs)
        {
            var classVkt = new double[runs.Length == 0 ? 0 : runs[0]._classVkt.Length];
            double standing = 0, cruising = 0, driven = 0;
            foreach (State run in runs)
            {
                for (int i = 0; i < classVkt.Length; i++)
                {
                    classVkt[i] += run._classVkt[i];
                }

                standing += run._standingSeconds;
                cruising += run._cruisingMetres;
                driven += run._drivenMetres;
            }

            return new CongestionDay(field, options, binMs, [.. runs.SelectMany(r => r._vehicle)], [.. runs.SelectMany(r => r._time)],
                [.. runs.SelectMany(r => r._lon)], [.. runs.SelectMany(r => r._lat)], [.. runs.SelectMany(r => r._occupied)],
                [.. runs.SelectMany(r => r._trueEdge)], [.. runs.SelectMany(r => r._activities)], classVkt, standing, cruising, driven);
        }
    }
}

/// <summary>The fixes of a <see cref="CongestionFieldSimulator"/> day, ordered by vehicle then time, with its truth.</summary>
public sealed class CongestionDay
{
    private readonly int[] _vehicle;
    private readonly bool[] _occupied;
    private readonly double[] _classVkt;

    internal CongestionDay(CongestionField field, CongestionFieldOptions options, long binMs, int[] vehicle, long[] timestampMs,
        double[] lon, double[] lat, bool[] occupied, int[] trueEdges, FixActivity[] activities, double[] classVkt, double standingSeconds,
        double cruisingMetres, double drivenMetres)
    {
        Activities = activities;
        Field = field;
        Options = options;
        BinMs = binMs;
        _vehicle = vehicle;
        TimestampMs = timestampMs;
        Lon = lon;
        Lat = lat;
        _occupied = occupied;
        TrueEdges = trueEdges;
        _classVkt = classVkt;
        StandingSeconds = standingSeconds;
        CruisingMetres = cruisingMetres;
        DrivenMetres = drivenMetres;
    }

    public CongestionField Field { get; }

    public CongestionFieldOptions Options { get; }

    public long BinMs { get; }

    public int FixCount => TimestampMs.Length;

    public long[] TimestampMs { get; }

    public double[] Lon { get; }

    public double[] Lat { get; }

    /// <summary>The edge each fix was really on; -1 while the taxi stood at a node.</summary>
    public int[] TrueEdges { get; }

    /// <summary>What the taxi was doing at each fix (the truth behind the occupied flag).</summary>
    public FixActivity[] Activities { get; }

    public ReadOnlySpan<int> Vehicle => _vehicle;

    public ReadOnlySpan<bool> Occupied => _occupied;

    /// <summary>Total time the fleet stood at pick-ups and drop-offs, seconds.</summary>
    public double StandingSeconds { get; }

    /// <summary>Distance driven cruising vacant, metres, and all distance driven.</summary>
    public double CruisingMetres { get; }

    public double DrivenMetres { get; }

    /// <summary>The fleet's vehicle-kilometres per road class in the bin starting at <paramref name="binStartUtcMs"/>.</summary>
    public ReadOnlySpan<double> ClassVkt(long binStartUtcMs)
    {
        long bin = (binStartUtcMs - Field.MidnightUtcMs) / BinMs;
        return bin < 0 || (bin + 1) * RoadClasses.Count > _classVkt.Length
            ? ReadOnlySpan<double>.Empty
            : _classVkt.AsSpan((int)bin * RoadClasses.Count, RoadClasses.Count);
    }

    /// <summary>The true city TPI of a bin (see <see cref="CongestionField.TruthTpi"/>); NaN where the fleet drove nothing.</summary>
    public double TruthTpi(long binStartUtcMs, CongestionOptions options)
    {
        ReadOnlySpan<double> vkt = ClassVkt(binStartUtcMs);
        double sum = 0;
        foreach (double x in vkt)
        {
            sum += x;
        }

        return sum > 0 ? Field.TruthTpi(binStartUtcMs, BinMs, vkt, options) : double.NaN;
    }

    /// <summary>The fixes as a probe batch in the ingest output schema (with the occupied column when the options ask).</summary>
    public RecordBatch ToProbeBatch()
    {
        var vehicles = new StringArray.Builder();
        var timestamps = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc, FixCount);
        var lons = new FixedWidthArrayBuilder<double>(DoubleType.Default, FixCount);
        var lats = new FixedWidthArrayBuilder<double>(DoubleType.Default, FixCount);
        var occupied = new BooleanArray.Builder();
        string name = "";
        for (int i = 0; i < FixCount; i++)
        {
            if (i == 0 || _vehicle[i] != _vehicle[i - 1])
            {
                name = SimulatedFleet.VehicleName(_vehicle[i]); // one name per vehicle, not per fix
            }

            vehicles.Append(name);
            timestamps.Append(TimestampMs[i]);
            lons.Append(Lon[i]);
            lats.Append(Lat[i]);
            occupied.Append(_occupied[i]);
        }

        Schema schema = ProbeSchema.Create(speedKmh: false, headingDeg: false, occupied: Options.OccupiedFlag);
        return Options.OccupiedFlag
            ? ArrowColumns.Batch(schema, [vehicles.Build(), timestamps.Build(), lons.Build(), lats.Build(), occupied.Build()])
            : ArrowColumns.Batch(schema, [vehicles.Build(), timestamps.Build(), lons.Build(), lats.Build()]);
    }
}

/// <summary>What a simulated taxi was doing at a fix.</summary>
public enum FixActivity : byte
{
    /// <summary>Driving a fare along its fastest path (occupied).</summary>
    Fare,

    /// <summary>Driving vacant straight to the next fare's pick-up along a fastest path.</summary>
    ToFare,

    /// <summary>Cruising vacant for a fare: a random walk, slower than traffic.</summary>
    Cruising,

    /// <summary>Standing at a pick-up or drop-off.</summary>
    Standing,
}
