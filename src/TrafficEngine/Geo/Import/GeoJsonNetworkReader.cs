using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using TrafficEngine.IO;

namespace TrafficEngine.Geo.Import;

/// <summary>
/// Reads a GeoJSON FeatureCollection of LineString/MultiLineString features with OSM-style properties
/// (<c>highway</c>, <c>oneway</c>, <c>maxspeed</c>, <c>lanes</c>, <c>name</c>, optional <c>id</c>/<c>osmid</c>,
/// <c>u</c>, <c>v</c>) through NetTopologySuite.IO.GeoJSON4STJ, one feature at a time: the file's bytes are walked
/// with a <see cref="Utf8JsonReader"/> and each element of <c>features</c> is deserialized on its own, so a feature
/// the library refuses is rejected naming its position and field while the others are read, and no document tree of
/// the whole file is built. Each feature is a way: a two-way feature gives both directions. Each part of a
/// MultiLineString is a piece. Node ids are <c>u</c>/<c>v</c> when given (single LineStrings only), else derived from
/// the endpoint coordinates: equal coordinates (to 1e-7 degrees) are one node, numbered 1, 2, ... in order of first
/// appearance, so the same file always gives the same ids. Edge ids: <see cref="EdgeIds.Compose"/>(feature id, part,
/// reverse) with the feature's <c>id</c> (or <c>osmid</c>), else its 1-based position.
/// </summary>
internal static class GeoJsonNetworkReader
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64,
    };

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip, MaxDepth = 64,
        Converters = { new GeoJsonConverterFactory() },
    };

    public static void Read(string path, ImportSink sink)
    {
        byte[] json = ReadAll(path);
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var state = new FeatureState();
        try
        {
            if (!MoveToFeatures(ref reader))
            {
                throw new UserInputException($"{path}: not a GeoJSON FeatureCollection (no 'features' array).", path, field: "features");
            }

            int position = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                position++;
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                ReadFeature(json.AsMemory(start, (int)reader.BytesConsumed - start), position, sink, state);
            }

            while (reader.Read())
            {
                // The rest of the document must be valid JSON too.
            }
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1;
            throw new UserInputException($"{path}: line {line}: not valid JSON: {ex.Message}", path, line, innerException: ex);
        }

        sink.RequireEdges();
    }

    private static byte[] ReadAll(string path)
    {
        using Stream stream = InputFile.Open(path);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>Moves onto the start of the root object's <c>features</c> array; false when there is none.</summary>
    private static bool MoveToFeatures(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool features = reader.ValueTextEquals("features"u8);
            reader.Read();
            if (features && reader.TokenType == JsonTokenType.StartArray)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static void ReadFeature(ReadOnlyMemory<byte> json, int position, ImportSink sink, FeatureState state)
    {
        string where = $"feature {position.ToString(CultureInfo.InvariantCulture)}";
        sink.RecordsRead++;
        IFeature? feature;
        try
        {
            feature = JsonSerializer.Deserialize<IFeature>(json.Span, SerializerOptions);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // The library names neither the member nor the position; the geometry is the usual culprit.
            string field = Culprit(json);
            sink.Reject(field == "geometry" ? ImportSink.BadGeometry : ImportSink.BadField, where, field, Reason(e));
            return;
        }

        JsonElement properties = feature?.Attributes is JsonElementAttributesTable table ? table.RootElement : default;
        string? highway = GeoJsonProperties.Text(properties, "highway") is { } h ? OsmValues.First(h).ToString() : null;
        if (!sink.Accept(highway))
        {
            return;
        }

        if (Lines(feature!.Geometry, state) is { } error)
        {
            sink.Reject(ImportSink.BadGeometry, where, "geometry", error);
            return;
        }

        long featureId = GeoJsonProperties.Id((feature as IUnique)?.Id) ?? GeoJsonProperties.Id(properties, "id") ?? GeoJsonProperties.Id(properties, "osmid") ?? position;
        List<int> parts = state.Parts;
        long? givenU = parts.Count == 2 ? GeoJsonProperties.Id(properties, "u") : null;
        long? givenV = parts.Count == 2 ? GeoJsonProperties.Id(properties, "v") : null;
        bool givenNodes = givenU is not null && givenV is not null;
        Oneway oneway = GeoJsonProperties.Text(properties, "oneway") is { } o ? OsmValues.ParseOneway(o) : Oneway.Both;
        string? name = GeoJsonProperties.Text(properties, "name") is { } n ? OsmValues.First(n).ToString() : null;
        int lanes = GeoJsonProperties.Text(properties, "lanes") is { } l ? OsmValues.ParseLanes(l) : 0;
        double maxKmh = GeoJsonProperties.Text(properties, "maxspeed") is { } m ? OsmValues.ParseMaxSpeedKmh(m) : double.NaN;
        List<double> lon = state.Lon, lat = state.Lat;
        bool kept = false;
        for (int part = 0; part < parts.Count - 1; part++)
        {
            int start = parts[part], count = parts[part + 1] - start;
            string partWhere = parts.Count > 2 ? $"{where} part {part + 1}" : where;
            if (!sink.CheckGeometry(lon, lat, start, count, partWhere, "geometry"))
            {
                continue;
            }

            long first = givenNodes ? givenU!.Value : state.NodeAt(lon[start], lat[start]);
            long last = givenNodes ? givenV!.Value : state.NodeAt(lon[start + count - 1], lat[start + count - 1]);
            if (oneway != Oneway.Backward)
            {
                kept |= sink.AddEdge(EdgeIds.Compose(featureId, part, false), featureId, first, last, highway!, name, lanes, maxKmh,
                    lon, lat, start, count, reverse: false, partWhere);
            }

            if (oneway != Oneway.Forward)
            {
                kept |= sink.AddEdge(EdgeIds.Compose(featureId, part, true), featureId, last, first, highway!, name, lanes, maxKmh,
                    lon, lat, start, count, reverse: true, partWhere);
                sink.TwoWayReverseEdges += oneway == Oneway.Both ? 1 : 0;
            }
        }

        if (kept)
        {
            sink.RecordsKept++;
        }
    }

    /// <summary>Fills the state's points and part starts (closed by the point count); null, or why there are none.</summary>
    private static string? Lines(Geometry? geometry, FeatureState state)
    {
        state.Lon.Clear();
        state.Lat.Clear();
        state.Parts.Clear();
        switch (geometry)
        {
            case null:
                return "no geometry with coordinates";
            case LineString line:
                Add(line, state);
                break;
            case MultiLineString lines when lines.NumGeometries > 0:
                for (int part = 0; part < lines.NumGeometries; part++)
                {
                    Add((LineString)lines.GetGeometryN(part), state);
                }

                break;
            case MultiLineString:
                return "no parts";
            default:
                return $"geometry type '{geometry.GeometryType}' is not LineString or MultiLineString";
        }

        state.Parts.Add(state.Lon.Count);
        return null;
    }

    private static void Add(LineString line, FeatureState state)
    {
        state.Parts.Add(state.Lon.Count);
        CoordinateSequence points = line.CoordinateSequence;
        for (int i = 0; i < points.Count; i++)
        {
            state.Lon.Add(points.GetX(i));
            state.Lat.Add(points.GetY(i));
        }
    }

    /// <summary>The member of a feature the library refused: geometry or properties that fail alone, a type or id of the wrong kind.</summary>
    private static string Culprit(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "feature";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string member = reader.GetString()!;
            reader.Read();
            JsonTokenType token = reader.TokenType;
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            ReadOnlySpan<byte> value = json.Span[start..(int)reader.BytesConsumed];
            bool fails = member switch
            {
                "geometry" => token != JsonTokenType.Null && Fails<Geometry>(value),
                "properties" => token != JsonTokenType.Null && Fails<IAttributesTable>(value),
                "type" => !value.SequenceEqual("\"Feature\""u8),
                "id" => token is not (JsonTokenType.Number or JsonTokenType.String),
                _ => false,
            };
            if (fails)
            {
                return member;
            }
        }

        return "feature";
    }

    private static bool Fails<T>(ReadOnlySpan<byte> json)
    {
        try
        {
            JsonSerializer.Deserialize<T>(json, SerializerOptions);
            return false;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return true;
        }
    }

    private static string Reason(Exception e) => e is JsonException { Message: var message } && message.Contains(" Path: ", StringComparison.Ordinal)
        ? message[..message.IndexOf(" Path: ", StringComparison.Ordinal)]
        : e.Message;

    /// <summary>Buffers reused from feature to feature, and the node ids given to endpoint coordinates.</summary>
    private sealed class FeatureState
    {
        private readonly Dictionary<(long, long), long> _nodes = [];

        public List<double> Lon { get; } = [];

        public List<double> Lat { get; } = [];

        public List<int> Parts { get; } = [];

        public long NodeAt(double lon, double lat)
        {
            var key = ((long)Math.Round(lon * 1e7), (long)Math.Round(lat * 1e7));
            if (!_nodes.TryGetValue(key, out long id))
            {
                id = _nodes.Count + 1;
                _nodes.Add(key, id);
            }

            return id;
        }
    }
}
