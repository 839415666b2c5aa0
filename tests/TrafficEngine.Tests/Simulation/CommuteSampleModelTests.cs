using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.Simulation;

namespace TrafficEngine.Tests.Simulation;

/// <summary>
/// The synthetic Beijing commute sample (data/samples/beijing_commute): rebuilt from the model on the sample network it
/// reproduces the committed files byte for byte, its gravity model hits the target mean distance, and its indicators
/// land near the published Beijing figures it is set against (13.2 km, 47 min, 56 % within 45 min, 28 % over 60).
/// </summary>
public sealed class CommuteSampleModelTests
{
    private static readonly Lazy<(CommuteSample Sample, string Folder)> Built = new(() =>
    {
        string samples = Path.Combine(RepositoryRoot(), "data", "samples");
        RoadNetwork network = NetworkImporter.Import(new NetworkImportOptions
        {
            Input = Path.Combine(samples, "beijing_network", "edges.csv.gz"),
            Nodes = Path.Combine(samples, "beijing_network", "nodes.csv.gz"),
            IncludeService = true,
        }).Network;
        return (CommuteSampleModel.Build(network, new CommuteSampleOptions()), Path.Combine(samples, "beijing_commute"));
    });

    [Fact]
    public void Sample_RebuiltFromTheModel_MatchesTheCommittedFiles()
    {
        (CommuteSample sample, string folder) = Built.Value;
        string scratch = Path.Combine(Path.GetTempPath(), "commute-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            sample.WriteOdCsv(Path.Combine(scratch, "od.csv"));
            sample.WriteZonesGeoJson(Path.Combine(scratch, "zones.geojson"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "od.csv")), File.ReadAllBytes(Path.Combine(scratch, "od.csv")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "zones.geojson")), File.ReadAllBytes(Path.Combine(scratch, "zones.geojson")));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void Sample_LandsNearThePublishedBeijingFigures()
    {
        CommuteSample sample = Built.Value.Sample;
        Assert.Equal(120_000, sample.Commuters.Sum());
        Assert.InRange(sample.ModelMeanKm, 13.19, 13.21);
        Assert.InRange(sample.Mean(sample.DistanceKm), 12.7, 13.7);
        Assert.InRange(sample.Mean(sample.TimeMin), 44, 50);
        Assert.InRange(sample.Share(r => sample.TimeMin[r] <= 45), 0.46, 0.66);
        Assert.InRange(sample.Share(r => sample.TimeMin[r] > 60), 0.22, 0.34);
        Assert.True(sample.Zones.Count > 300, $"{sample.Zones.Count} zones");
        Assert.All(sample.Zones, z => Assert.True(z.East > z.West && z.North > z.South));
    }

    [Fact]
    public void Sample_JobsAreCentralAndHomesOuter()
    {
        CommuteSample sample = Built.Value.Sample;
        double Ratio(string district)
        {
            double residents = 0, jobs = 0;
            for (int r = 0; r < sample.Rows; r++)
            {
                residents += sample.Zones[sample.Home[r]].District == district ? sample.Commuters[r] : 0;
                jobs += sample.Zones[sample.Work[r]].District == district ? sample.Commuters[r] : 0;
            }

            return jobs / residents;
        }

        // Beijing's core districts import workers, its south and west export them.
        Assert.True(Ratio("Xicheng") > 1.5 && Ratio("Dongcheng") > 1.5);
        Assert.True(Ratio("Fengtai") < 0.8 && Ratio("Shijingshan") < 0.8);
    }

    [Fact]
    public void Model_OtherCellsAndSeed_HitsTheTargetMeanWithTheCountAsked()
    {
        CommuteSample sample = Built.Value.Sample;
        RoadNetwork network = NetworkImporter.Import(new NetworkImportOptions
        {
            Input = Path.Combine(RepositoryRoot(), "data", "samples", "beijing_network", "edges.csv.gz"),
            Nodes = Path.Combine(RepositoryRoot(), "data", "samples", "beijing_network", "nodes.csv.gz"),
            IncludeService = true,
        }).Network;
        CommuteSample other = CommuteSampleModel.Build(network, new CommuteSampleOptions { Seed = 7, Commuters = 5000, CellMetres = 4000 });
        Assert.Equal(5000, other.Commuters.Sum());
        Assert.NotEqual(sample.Zones.Count, other.Zones.Count);
        Assert.InRange(other.ModelMeanKm, 13.19, 13.21);
    }

    internal static string RepositoryRoot()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Traffic.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("Traffic.sln not found above " + AppContext.BaseDirectory);
    }
}
