using System.Globalization;
using TrafficEngine.Commute;

namespace TrafficEngine.Tests.Commute;

/// <summary>The Leeds 2011 census sample (25 MSOAs, 614 pairs, 18,981 commuters per PROVENANCE.md; no distances).</summary>
public class LeedsCommuteTests
{
    [Fact]
    public void Run_Leeds_StraightLineMeanMatchesTheReferenceCentroids()
    {
        var columns = new OdColumns { Home = "Area.of.residence", Work = "Area.of.workplace", Count = "All.categories..Method.of.travel.to.work" };

        CommuteResult result = CommuteAnalyzer.Run(new CommuteInputs(CommuteData.LeedsOd, CommuteData.LeedsZones, "geo_code"), new CommuteOptions { Columns = columns });
        CommuteSummary s = result.Summary;

        Assert.Equal(18_981, s.Commuters);
        Assert.Equal(25, s.Zones);
        Assert.Equal(614, s.ObservedPairs);
        Assert.Equal(625, s.StraightLineCostPairs);
        Assert.True(double.IsNaN(s.MeanTimeMin));
        Assert.Equal(Independent(), s.MeanDistanceKm, 4);
        Assert.InRange(s.MinDistanceKm, 0, s.MeanDistanceKm);
        Assert.InRange(s.MaxDistanceKm, s.MeanDistanceKm, 15);
    }

    /// <summary>
    /// The commuter-weighted mean from the reference centroid table (EPSG:27700 metres) and plain CSV splitting:
    /// centroid distance between zones, 128 r / (45 pi) within one (r the radius of a disk of the zone's area).
    /// </summary>
    private static double Independent()
    {
        Dictionary<string, (double X, double Y, double Area)> zones = CommuteData.ReadCsv(CommuteData.LeedsCentroids).ToDictionary(
            r => r["geo_code"],
            r => (double.Parse(r["centroid_x_epsg27700"], CultureInfo.InvariantCulture), double.Parse(r["centroid_y_epsg27700"], CultureInfo.InvariantCulture),
                double.Parse(r["area_m2"], CultureInfo.InvariantCulture)));
        double total = 0, km = 0;
        foreach (Dictionary<string, string> row in CommuteData.ReadCsv(CommuteData.LeedsOd))
        {
            (double X, double Y, double Area) h = zones[row["Area.of.residence"]], w = zones[row["Area.of.workplace"]];
            double t = double.Parse(row["All.categories..Method.of.travel.to.work"], CultureInfo.InvariantCulture);
            double d = row["Area.of.residence"] == row["Area.of.workplace"]
                ? 128 * Math.Sqrt(h.Area / Math.PI) / (45 * Math.PI)
                : Math.Sqrt(((h.X - w.X) * (h.X - w.X)) + ((h.Y - w.Y) * (h.Y - w.Y)));
            total += t;
            km += t * d / 1000;
        }

        return km / total;
    }
}
