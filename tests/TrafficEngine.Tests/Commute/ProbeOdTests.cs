using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;
using TrafficEngine.Commute;
using TrafficEngine.Geo;
using TrafficEngine.Ingest;

namespace TrafficEngine.Tests.Commute;

public class ProbeOdTests
{
    private const long Start = 1_713_744_000_000; // 2024-04-22 00:00 UTC = 08:00 Beijing

    [Fact]
    public void Build_TaxiRunsOverShenzhenZones_CountsOneTripAndEachKindOfBadRun()
    {
        CommuteZones zones = CommuteZones.Read(CommuteData.ShenzhenZones, "JDBH");
        Dictionary<string, (double Lon, double Lat)> centroids = CommuteData.ReadCsv(CommuteData.ShenzhenCentroids).ToDictionary(
            r => r["JDBH"], r => (double.Parse(r["centroid_lon_wgs84"], CultureInfo.InvariantCulture), double.Parse(r["centroid_lat_wgs84"], CultureInfo.InvariantCulture)));
        (double Lon, double Lat) a = centroids["440303001"], b = centroids["440304001"];
        (double Lon, double Lat) mid = ((a.Lon + b.Lon) / 2, (a.Lat + b.Lat) / 2);
        var fixes = new List<(string Id, long T, (double Lon, double Lat) P, bool? Occupied)>
        {
            ("v1", 0, a, false), ("v1", 60, a, true), ("v1", 600, mid, true), ("v1", 1200, b, true), ("v1", 1260, b, false),
            ("v2", 0, b, true), ("v2", 300, a, true), ("v2", 360, a, false),
            ("v3", 0, a, false), ("v3", 60, a, true), ("v3", 7260, b, true), ("v3", 7320, b, false),
            ("v4", 0, (113.0, 22.0), false), ("v4", 60, (113.0, 22.0), true), ("v4", 600, a, true), ("v4", 660, a, false),
            ("v5", 0, a, false), ("v5", 60, a, true), ("v5", 90, a, null), ("v5", 120, b, true), ("v5", 180, b, false),
        };

        ProbeOd od = ProbeOdBuilder.Build([Batch(fixes)], zones);

        Assert.Equal(new ProbeOdReport(5, 1, 3, 1, 0, 1), od.Report);
        Assert.Equal(1, od.Table.CellCount);
        Assert.Equal("440303001", zones.Ids[od.Table.Home[0]]);
        Assert.Equal("440304001", zones.Ids[od.Table.Work[0]]);
        Assert.Equal(1, od.Table.Commuters[0]);
        Assert.Equal(19, od.Table.TimeMin[0], 9);
        double km = (GreatCircle.DistanceMetres(a.Lon, a.Lat, mid.Lon, mid.Lat) + GreatCircle.DistanceMetres(mid.Lon, mid.Lat, b.Lon, b.Lat)) / 1000;
        Assert.Equal(km, od.Table.DistanceKm[0], 9);
        Assert.Equal([8], od.Hour);
        Assert.Equal([1.0], od.HourTrips);
    }

    private static RecordBatch Batch(List<(string Id, long T, (double Lon, double Lat) P, bool? Occupied)> fixes)
    {
        var ids = new StringArray.Builder();
        var time = new FixedWidthArrayBuilder<long>(ArrowTypes.TimestampMsUtc);
        var lon = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        var lat = new FixedWidthArrayBuilder<double>(DoubleType.Default);
        var occupied = new BooleanArray.Builder();
        foreach ((string id, long t, (double x, double y), bool? o) in fixes)
        {
            ids.Append(id);
            time.Append(Start + (t * 1000));
            lon.Append(x);
            lat.Append(y);
            if (o is { } value)
            {
                occupied.Append(value);
            }
            else
            {
                occupied.AppendNull();
            }
        }

        Schema schema = ProbeSchema.Create(speedKmh: false, headingDeg: false, occupied: true);
        return ArrowColumns.Batch(schema, [ids.Build(), time.Build(), lon.Build(), lat.Build(), occupied.Build()]);
    }
}
