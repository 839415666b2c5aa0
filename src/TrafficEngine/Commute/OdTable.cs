namespace TrafficEngine.Commute;

/// <summary>
/// An OD table as zone-pair cells: one cell per (home zone, work zone) with its commuters (real, possibly
/// fractional) and count-weighted mean distance (km) and time (min), NaN where the table has none. Cells are in order
/// of first appearance; <see cref="Line"/> is the line of the first row of each cell.
/// </summary>
public sealed class OdTable
{
    public OdTable(CommuteZones zones, int[] home, int[] work, double[] commuters, double[] distanceKm, double[] timeMin, long[] line, string source)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(commuters);
        ArgumentNullException.ThrowIfNull(distanceKm);
        ArgumentNullException.ThrowIfNull(timeMin);
        ArgumentNullException.ThrowIfNull(line);
        int n = home.Length;
        if (work.Length != n || commuters.Length != n || distanceKm.Length != n || timeMin.Length != n || line.Length != n)
        {
            throw new ArgumentException("every OD column must have one entry per cell.", nameof(commuters));
        }

        Zones = zones;
        Home = home;
        Work = work;
        Commuters = commuters;
        DistanceKm = distanceKm;
        TimeMin = timeMin;
        Line = line;
        Source = source;
    }

    public CommuteZones Zones { get; }

    public int[] Home { get; }

    public int[] Work { get; }

    public double[] Commuters { get; }

    public double[] DistanceKm { get; }

    public double[] TimeMin { get; }

    public long[] Line { get; }

    /// <summary>The file the table came from (for quarantine entries).</summary>
    public string Source { get; }

    public int CellCount => Home.Length;

    /// <summary>True when any cell has a distance (a time) from the table itself.</summary>
    public bool HasDistance => DistanceKm.Any(double.IsFinite);

    public bool HasTime => TimeMin.Any(double.IsFinite);

    public double TotalCommuters => Commuters.Sum();
}
