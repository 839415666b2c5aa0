using System.Globalization;
using TrafficEngine.Commute;

namespace TrafficEngine.Tests.Commute;

public class CommuteCostsTests
{
    [Fact]
    public void IntrazonalKm_UnitDisk_IsTheKnownMeanDistance()
    {
        // The mean distance between two random points of a disk of radius R is 128 R / (45 pi) = 0.905415 R.
        Assert.Equal(0.905415, CommuteCosts.IntrazonalKm(Math.PI * 1000 * 1000), 6);
    }

    [Fact]
    public void Build_MissingPairCost_StraightLineTimesTheFittedDetourAndFlagged()
    {
        // UTM squares 100 m wide centred at x = 0, 1000, 3000 m: A-B straight 1 km, A-C 3 km. The table's A->B is 1.5 km
        // and 3 min: detour 1.5, 3 min per straight km; so A->C is 4.5 km and 9 min.
        (OdTable table, OdQuarantine quarantine) = Table("home_zone,work_zone,commuters,distance_km,time_min\nA,B,10,1.5,3\nA,C,5,,\n");

        CommuteCosts costs = CommuteCosts.Build(table, null, allPairs: false);

        int a = table.Zones.IndexOf("A"), c = table.Zones.IndexOf("C");
        Assert.Equal(4.5, costs.DistanceKm[(a * 3) + c], 9);
        Assert.Equal(9, costs.TimeMin[(a * 3) + c], 9);
        Assert.Equal(CostSource.StraightLine, costs.DistanceSource[(a * 3) + c]);
        Assert.Equal(CostSource.Table, costs.DistanceSource[(a * 3) + table.Zones.IndexOf("B")]);
        Assert.Equal(1, costs.StraightLineDistances);
        Assert.Empty(quarantine.Entries);
    }

    [Fact]
    public void Analyze_CatchmentRadius_CountsZonesWhoseCentroidIsWithinIt()
    {
        // A and B are 1 km apart, C 3 km from A and 2 km from B. Residents A 15, B 0, C 7; jobs A 0, B 10, C 12.
        (OdTable table, OdQuarantine quarantine) = Table("home_zone,work_zone,commuters,distance_km\nA,B,10,1\nA,C,5,3\nC,C,7,0.5\n");
        CommuteCosts costs = CommuteCosts.Build(table, null, allPairs: true);

        CommuteResult result = CommuteAnalyzer.Analyze(table, costs, new CommuteOptions { CatchmentRadiusKm = 1.5, K = 1 }, quarantine);
        double[] catchment = CommuteAnalyzerTests.Column(result.Zones, "jobs_housing_ratio_catchment");

        Assert.Equal(10.0 / 15, catchment[0], 9); // A + B
        Assert.Equal(10.0 / 15, catchment[1], 9); // B + A
        Assert.Equal(12.0 / 7, catchment[2], 9); // C alone
        Assert.True(double.IsNaN(CommuteAnalyzerTests.Column(result.Zones, "jobs_housing_ratio")[1]));
    }

    private static (OdTable, OdQuarantine) Table(string csv)
    {
        string zones = CommuteData.Temp("zones.geojson", $$$"""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},"features":[{{{Square("A", 500_000)}}},{{{Square("B", 501_000)}}},{{{Square("C", 503_000)}}}]}
            """);
        string od = CommuteData.Temp("od.csv", csv);
        var quarantine = new OdQuarantine();
        return (OdTableReader.Read(od, new OdColumns(), CommuteZones.Read(zones), quarantine), quarantine);
    }

    private static string Square(string id, double x)
    {
        string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        double y = 4_400_000;
        return "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"" + id + "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
            + F(x - 50) + "," + F(y - 50) + "],[" + F(x + 50) + "," + F(y - 50) + "],[" + F(x + 50) + "," + F(y + 50) + "],["
            + F(x - 50) + "," + F(y + 50) + "],[" + F(x - 50) + "," + F(y - 50) + "]]]}}";
    }
}
