namespace TrafficEngine.MapMatching;

/// <summary>
/// One stay of a vehicle (see <see cref="MatchOptions.StayRadiusMetres"/>): fixes <see cref="FirstFix"/> ..
/// FirstFix + <see cref="FixCount"/> - 1 of its trajectory standing within the stay radius, from the first fix's time
/// to the last one's (UTC epoch milliseconds), the fixes' centroid (WGS-84) and the dense index of the edge matched
/// to the stay's fix nearest that centroid (-1 when none of its fixes was matched).
/// </summary>
public readonly record struct Dwell(int FirstFix, int FixCount, long StartTimeMs, long EndTimeMs, double Lon, double Lat, int Edge)
{
    /// <summary>The standing time, seconds: the stay's last fix time less its first.</summary>
    public double Seconds => (EndTimeMs - StartTimeMs) / 1000.0;
}
