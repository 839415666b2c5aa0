using System.Globalization;

namespace TrafficEngine.Geo;

/// <summary>A WGS-84 rectangle, edges inclusive.</summary>
public sealed record BoundingBox
{
    public BoundingBox(double minLon, double minLat, double maxLon, double maxLat)
    {
        if (!(minLon >= -180 && maxLon <= 180 && minLon < maxLon))
        {
            throw new ArgumentException($"Bounding box longitudes must satisfy -180 <= minLon < maxLon <= 180; got {minLon} and {maxLon}.", nameof(minLon));
        }

        if (!(minLat >= -90 && maxLat <= 90 && minLat < maxLat))
        {
            throw new ArgumentException($"Bounding box latitudes must satisfy -90 <= minLat < maxLat <= 90; got {minLat} and {maxLat}.", nameof(minLat));
        }

        MinLon = minLon;
        MinLat = minLat;
        MaxLon = maxLon;
        MaxLat = maxLat;
    }

    public double MinLon { get; }

    public double MinLat { get; }

    public double MaxLon { get; }

    public double MaxLat { get; }

    /// <summary>Parses "minLon,minLat,maxLon,maxLat" in decimal degrees.</summary>
    public static BoundingBox Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',');
        if (parts.Length != 4)
        {
            throw new ArgumentException($"A bounding box is four numbers minLon,minLat,maxLon,maxLat; got '{text}'.", nameof(text));
        }

        var values = new double[4];
        string[] names = ["minLon", "minLat", "maxLon", "maxLat"];
        for (int i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Bounding box {names[i]} '{parts[i].Trim()}' is not a number (expected minLon,minLat,maxLon,maxLat).", nameof(text));
            }
        }

        return new BoundingBox(values[0], values[1], values[2], values[3]);
    }

    public bool Contains(double lon, double lat) => lon >= MinLon && lon <= MaxLon && lat >= MinLat && lat <= MaxLat;

    public override string ToString() => FormattableString.Invariant($"{MinLon},{MinLat},{MaxLon},{MaxLat}");
}
