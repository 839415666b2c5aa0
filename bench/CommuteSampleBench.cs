using System.Globalization;
using TrafficEngine.Geo;
using TrafficEngine.Geo.Import;
using TrafficEngine.Simulation;

namespace Bench;

/// <summary>
/// `commute-sample [--out data/samples/beijing_commute] [--seed N] [--commuters N] [--cell M]`: builds the synthetic
/// Beijing commute OD sample (<see cref="CommuteSampleModel"/>) on the sample road network, prints its indicators
/// against the published Beijing figures, and writes zones.geojson and od.csv when --out is given.
/// </summary>
internal static class CommuteSampleBench
{
    public static int Run(string[] args)
    {
        string root = BenchData.RepositoryRoot();
        string folder = Path.Combine(root, "data", "samples", "beijing_network");
        RoadNetwork network = NetworkImporter.Import(new NetworkImportOptions
        {
            Input = Path.Combine(folder, "edges.csv.gz"),
            Nodes = Path.Combine(folder, "nodes.csv.gz"),
            IncludeService = true,
        }).Network;
        var options = new CommuteSampleOptions();
        options.Seed = int.Parse(BenchArgs.Get(args, "--seed", options.Seed.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        options.Commuters = int.Parse(BenchArgs.Get(args, "--commuters", options.Commuters.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        options.CellMetres = double.Parse(BenchArgs.Get(args, "--cell", options.CellMetres.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        CommuteSample sample = CommuteSampleModel.Build(network, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sample.Zones.Count} zones, {sample.Rows:N0} OD rows, {sample.Commuters.Sum():N0} commuters; beta {sample.Beta:F4}/km, model mean {sample.ModelMeanKm:F2} km"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean distance {sample.Mean(sample.DistanceKm):F2} km (published 13.2), mean time {sample.Mean(sample.TimeMin):F1} min (47), " +
            $"time <= 45 min {sample.Share(r => sample.TimeMin[r] <= 45):P1} (56 %), > 60 min {sample.Share(r => sample.TimeMin[r] > 60):P1} (28 %), " +
            $"<= 5 km {sample.Share(r => sample.DistanceKm[r] <= 5):P1}, same zone {sample.Share(r => sample.Home[r] == sample.Work[r]):P1}"));
        foreach (var district in sample.Zones.Select((z, i) => (z.District, i)).GroupBy(x => x.District).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = district.Select(x => x.i).ToHashSet();
            double residents = Enumerable.Range(0, sample.Rows).Where(r => members.Contains(sample.Home[r])).Sum(r => (double)sample.Commuters[r]);
            double jobs = Enumerable.Range(0, sample.Rows).Where(r => members.Contains(sample.Work[r])).Sum(r => (double)sample.Commuters[r]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {district.Key}: {members.Count} zones, residents {residents:N0}, jobs {jobs:N0}, ratio {jobs / residents:F2}"));
        }

        string output = BenchArgs.Get(args, "--out", "");
        if (output.Length > 0)
        {
            Directory.CreateDirectory(output);
            sample.WriteZonesGeoJson(Path.Combine(output, "zones.geojson"));
            sample.WriteOdCsv(Path.Combine(output, "od.csv"));
            Console.WriteLine($"wrote {output}/zones.geojson and od.csv");
        }

        return 0;
    }
}
