using System.Text.Json;
using TrafficEngine.Congestion;
using TrafficEngine.Geo;

namespace TrafficEngine.Publishing;

/// <summary>
/// segments.geojson for maps: one LineString feature per edge with at least one publishable (not low-sample) bin,
/// with its latest level and speed, its level over the workday peaks (07:00-09:00, 17:00-19:00 local), its worst level
/// and its mean speed. RFC 7946: WGS-84, coordinates to 7 decimals.
/// </summary>
public static class SegmentsGeoJson
{
    public static void Write(string path, CongestionResult result)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        RoadNetwork network = result.Network;
        SegmentSpeedTable speeds = result.Speeds;
        SegmentIndices indices = result.Indices;
        (int[] starts, int[] cells) = FreeFlowEstimator.CellsByEdge(network.EdgeCount, speeds, result.Options);

        using FileStream stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        for (int e = 0; e < network.EdgeCount; e++)
        {
            ReadOnlySpan<int> mine = cells.AsSpan(starts[e], starts[e + 1] - starts[e]);
            if (mine.IsEmpty)
            {
                continue;
            }

            double metres = 0, seconds = 0, peakMetres = 0, peakSeconds = 0;
            CongestionLevel worst = CongestionLevel.FreeFlow;
            foreach (int c in mine)
            {
                metres += speeds.Metres[c];
                seconds += speeds.Seconds[c];
                if (result.Options.Calendar.IsPeak(speeds.BinStartMs[c]))
                {
                    peakMetres += speeds.Metres[c];
                    peakSeconds += speeds.Seconds[c];
                }

                worst = indices.Levels[c] > worst ? indices.Levels[c] : worst;
            }

            int latest = mine[^1];
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("properties");
            json.WriteNumber("edge_id", network.EdgeIds[e]);
            json.WriteNumber("from_node", network.NodeIds[network.EdgeFrom[e]]);
            json.WriteNumber("to_node", network.NodeIds[network.EdgeTo[e]]);
            json.WriteString("name", network.NameOf(e));
            json.WriteString("road_class", RoadClasses.Name(network.Classes[e]));
            json.WriteNumber("free_flow_kmh", Math.Round(indices.EdgeFreeFlowKmh[e], 1));
            json.WriteString("free_flow_source", FreeFlowSources.Code(indices.EdgeFreeFlowSource[e]));
            json.WriteString("latest_bin", BeijingCalendar.FormatLocal(speeds.BinStartMs[latest]));
            json.WriteNumber("latest_speed_kmh", Math.Round(speeds.SpeedKmh(latest), 1));
            json.WriteString("latest_level", CongestionLevels.Code(indices.Levels[latest]));
            if (peakSeconds > 0)
            {
                double peakSpeed = peakMetres / peakSeconds * 3.6;
                json.WriteNumber("peak_speed_kmh", Math.Round(peakSpeed, 1));
                json.WriteString("peak_level", CongestionLevels.Code(result.Options.Thresholds.Classify(network.Classes[e], peakSpeed)));
            }
            else
            {
                json.WriteNull("peak_speed_kmh");
                json.WriteNull("peak_level");
            }

            json.WriteString("worst_level", CongestionLevels.Code(worst));
            json.WriteNumber("mean_speed_kmh", Math.Round(metres / seconds * 3.6, 1));
            json.WriteNumber("bins", mine.Length);
            json.WriteEndObject();
            json.WriteStartObject("geometry");
            json.WriteString("type", "LineString");
            json.WriteStartArray("coordinates");
            ReadOnlySpan<double> lon = network.EdgeLon(e), lat = network.EdgeLat(e);
            for (int p = 0; p < lon.Length; p++)
            {
                json.WriteStartArray();
                json.WriteNumberValue(Math.Round(lon[p], 7));
                json.WriteNumberValue(Math.Round(lat[p], 7));
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
