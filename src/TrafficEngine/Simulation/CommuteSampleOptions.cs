namespace TrafficEngine.Simulation;

/// <summary>
/// Settings of <see cref="CommuteSampleModel"/>; the defaults describe Beijing inside and around the 5th ring road.
/// Residents fall off from Tiananmen slowly (e-folding 9 km) with concentrations at the large residential areas
/// (Huilongguan, Tiantongyuan, Wangjing, Shuangjing-Jinsong, south Fengtai, Shijingshan, Changying); jobs fall off
/// fast (5 km) with the employment centres (Guomao CBD, Financial Street, Zhongguancun, Shangdi, Wangjing, Lize,
/// Yizhuang): the pattern of the Beijing job-housing studies (jobs in the centre and the north-west, homes in the
/// outer north, east and south). The targets are the published figures the sample is set against: central-city mean
/// commute distance 13.2 km (Beijing Transport Institute, 2022) and, through the access time and door-to-door speed,
/// a mean one-way time near 47 min (national commuting monitoring report, 2022 data).
/// </summary>
public sealed class CommuteSampleOptions
{
    /// <summary>Side of the square zones, metres. Default 2,000.</summary>
    public double CellMetres { get; set; } = 2000;

    /// <summary>Commuters drawn (a 2 % sample of the employed residents inside the 5th ring). Default 120,000.</summary>
    public int Commuters { get; set; } = 120_000;

    /// <summary>The gravity model's mean commute distance, km. Default 13.2.</summary>
    public double TargetMeanKm { get; set; } = 13.2;

    /// <summary>Walking, waiting and parking time added to every commute, minutes. Default 10.</summary>
    public double AccessMinutes { get; set; } = 10;

    /// <summary>Door-to-door speed over the road distance, km/h (mixed modes at peak). Default 21.</summary>
    public double DoorToDoorKmh { get; set; } = 21;

    /// <summary>Road distance over straight-line distance, for trips inside one zone. Default 1.3.</summary>
    public double DetourFactor { get; set; } = 1.3;

    /// <summary>Distance from Tiananmen over which the residents' monocentric density falls by e, km. Default 9.</summary>
    public double ResidentDecayKm { get; set; } = 9;

    /// <summary>The same for jobs, km. Default 5: jobs are more central than homes.</summary>
    public double JobDecayKm { get; set; } = 5;

    public int MaxFurnessIterations { get; set; } = 1000;

    public int Seed { get; set; } = 2022;

    private static readonly (double Lon, double Lat, double Weight, double SigmaKm)[] ResidentialAreas =
    [
        (116.335, 40.075, 9000, 2.5), // Huilongguan
        (116.415, 40.070, 9000, 2.5), // Tiantongyuan
        (116.470, 40.000, 7000, 2.0), // Wangjing
        (116.465, 39.885, 6000, 2.0), // Shuangjing, Jinsong
        (116.380, 39.830, 6000, 2.5), // south Fengtai (Majiabao, Jiaomen)
        (116.200, 39.910, 5000, 2.0), // Shijingshan
        (116.600, 39.930, 5000, 2.5), // Changying
    ];

    private static readonly (double Lon, double Lat, double Weight, double SigmaKm)[] EmploymentCentres =
    [
        (116.461, 39.909, 40000, 1.5), // Guomao CBD
        (116.358, 39.915, 30000, 1.0), // Financial Street
        (116.316, 39.983, 30000, 1.5), // Zhongguancun
        (116.305, 40.035, 15000, 1.5), // Shangdi
        (116.481, 40.000, 15000, 1.5), // Wangjing
        (116.310, 39.865, 10000, 1.0), // Lize
        (116.507, 39.795, 12000, 2.0), // Yizhuang
    ];

    private static readonly (string Name, double Lon, double Lat)[] Districts =
    [
        ("Dongcheng", 116.416, 39.928),
        ("Xicheng", 116.366, 39.912),
        ("Chaoyang", 116.486, 39.948),
        ("Haidian", 116.298, 39.960),
        ("Fengtai", 116.287, 39.858),
        ("Shijingshan", 116.223, 39.906),
    ];

    /// <summary>Employed residents per km² at a point (before scaling to <see cref="Commuters"/>).</summary>
    public double ResidentDensity(double lon, double lat) => (8000 * Math.Exp(-KmFromCentre(lon, lat) / ResidentDecayKm)) + Bumps(ResidentialAreas, lon, lat);

    /// <summary>Jobs per km² at a point (before scaling to <see cref="Commuters"/>).</summary>
    public double JobDensity(double lon, double lat) => (6000 * Math.Exp(-KmFromCentre(lon, lat) / JobDecayKm)) + Bumps(EmploymentCentres, lon, lat);

    /// <summary>
    /// An approximate district: Dongcheng and Xicheng within 3.5 km of their centres (the two core districts are
    /// small), otherwise the nearest centre of Chaoyang, Haidian, Fengtai and Shijingshan. Not the legal boundaries.
    /// </summary>
    public static string DistrictOf(double lon, double lat)
    {
        int core = Nearest(lon, lat, 0, 2, out double coreKm);
        return coreKm <= 3.5 ? Districts[core].Name : Districts[Nearest(lon, lat, 2, Districts.Length, out _)].Name;
    }

    private static int Nearest(double lon, double lat, int from, int to, out double km)
    {
        int best = from;
        km = double.PositiveInfinity;
        for (int d = from; d < to; d++)
        {
            double at = Km(lon, lat, Districts[d].Lon, Districts[d].Lat);
            if (at < km)
            {
                km = at;
                best = d;
            }
        }

        return best;
    }

    public void Validate()
    {
        if (!(CellMetres >= 200 && CellMetres <= 20_000))
        {
            throw new ArgumentOutOfRangeException(nameof(CellMetres), CellMetres, "Needs 200 to 20,000 metres.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Commuters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFurnessIterations);
        if (!(TargetMeanKm > 0 && DoorToDoorKmh > 0 && AccessMinutes >= 0 && DetourFactor >= 1 && ResidentDecayKm > 0 && JobDecayKm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetMeanKm), "Needs a positive target distance and speed, access of 0 or more minutes and a detour factor of at least 1.");
        }
    }

    private static double Bumps((double Lon, double Lat, double Weight, double SigmaKm)[] bumps, double lon, double lat)
    {
        double sum = 0;
        foreach ((double bLon, double bLat, double weight, double sigma) in bumps)
        {
            double km = Km(lon, lat, bLon, bLat);
            sum += weight * Math.Exp(-(km * km) / (2 * sigma * sigma));
        }

        return sum;
    }

    private static double KmFromCentre(double lon, double lat) => Km(lon, lat, 116.397, 39.909);

    private static double Km(double lon1, double lat1, double lon2, double lat2)
    {
        double dx = (lon1 - lon2) * 111.320 * Math.Cos((lat1 + lat2) / 2 * Math.PI / 180), dy = (lat1 - lat2) * 110.574;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
