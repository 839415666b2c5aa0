using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TrafficEngine.Arrow;

namespace TrafficEngine.Ingest;

/// <summary>
/// Growable struct-of-arrays staging area for parsed fixes (internal to the ingest; the public output is a
/// <see cref="Apache.Arrow.RecordBatch"/>). Optional values use NaN (speed, heading) and -1 (occupied) for "absent" here only;
/// they become nulls in the validity bitmap on output. Without <see cref="HasOptionalColumns"/> (layouts that never
/// carry them) those three arrays stay empty and are neither written nor stored. Chunks serialise to a simple
/// little-endian column format.
/// </summary>
internal sealed class ProbeRows
{
    public ProbeRows(int capacity = 1024, bool optionalColumns = true)
    {
        capacity = Math.Max(capacity, 16);
        HasOptionalColumns = optionalColumns;
        Vehicle = Allocate<int>(capacity);
        TimestampMs = Allocate<long>(capacity);
        Lon = Allocate<double>(capacity);
        Lat = Allocate<double>(capacity);
        SpeedKmh = optionalColumns ? Allocate<float>(capacity) : [];
        HeadingDeg = optionalColumns ? Allocate<float>(capacity) : [];
        Occupied = optionalColumns ? Allocate<sbyte>(capacity) : [];
        FileIndex = Allocate<int>(capacity);
        Line = Allocate<long>(capacity);
    }

    public int Count { get; private set; }

    /// <summary>Whether speed, heading and occupancy are stored (otherwise they read as absent).</summary>
    public bool HasOptionalColumns { get; }

    public int Capacity => Vehicle.Length;

    public int[] Vehicle { get; private set; }

    public long[] TimestampMs { get; private set; }

    public double[] Lon { get; private set; }

    public double[] Lat { get; private set; }

    public float[] SpeedKmh { get; private set; }

    public float[] HeadingDeg { get; private set; }

    public sbyte[] Occupied { get; private set; }

    public int[] FileIndex { get; private set; }

    public long[] Line { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int vehicle, long timestampMs, double lon, double lat, float speedKmh, float headingDeg, sbyte occupied, int fileIndex, long line)
    {
        int i = Count;
        if (i == Vehicle.Length)
        {
            Grow(i * 2);
        }

        Vehicle[i] = vehicle;
        TimestampMs[i] = timestampMs;
        Lon[i] = lon;
        Lat[i] = lat;
        if (HasOptionalColumns)
        {
            SpeedKmh[i] = speedKmh;
            HeadingDeg[i] = headingDeg;
            Occupied[i] = occupied;
        }

        FileIndex[i] = fileIndex;
        Line[i] = line;
        Count = i + 1;
    }

    public void Clear() => Count = 0;

    /// <summary>Appends row <paramref name="index"/> of <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddFrom(ProbeRows source, int index) => Add(source.Vehicle[index], source.TimestampMs[index], source.Lon[index],
        source.Lat[index], source.Speed(index), source.Heading(index), source.OccupiedAt(index), source.FileIndex[index], source.Line[index]);

    /// <summary>Speed of row <paramref name="index"/>; NaN when absent.</summary>
    public float Speed(int index) => HasOptionalColumns ? SpeedKmh[index] : float.NaN;

    /// <summary>Heading of row <paramref name="index"/>; NaN when absent.</summary>
    public float Heading(int index) => HasOptionalColumns ? HeadingDeg[index] : float.NaN;

    /// <summary>Occupancy of row <paramref name="index"/>: 1, 0, or -1 when absent.</summary>
    public sbyte OccupiedAt(int index) => HasOptionalColumns ? Occupied[index] : (sbyte)-1;

    /// <summary>Appends the rows of <paramref name="source"/> listed in <paramref name="order"/>, column by column.</summary>
    public void AddGathered(ProbeRows source, ReadOnlySpan<int> order)
    {
        int at = Count;
        if (at + order.Length > Vehicle.Length)
        {
            Grow(Math.Max(at + order.Length, Vehicle.Length * 2));
        }

        Gather(source.Vehicle, order, Vehicle.AsSpan(at));
        Gather(source.TimestampMs, order, TimestampMs.AsSpan(at));
        Gather(source.Lon, order, Lon.AsSpan(at));
        Gather(source.Lat, order, Lat.AsSpan(at));
        Gather(source.FileIndex, order, FileIndex.AsSpan(at));
        Gather(source.Line, order, Line.AsSpan(at));
        if (HasOptionalColumns)
        {
            for (int k = 0; k < order.Length; k++)
            {
                SpeedKmh[at + k] = source.Speed(order[k]);
                HeadingDeg[at + k] = source.Heading(order[k]);
                Occupied[at + k] = source.OccupiedAt(order[k]);
            }
        }

        Count = at + order.Length;
    }

    /// <summary><c>destination[k] = values[order[k]]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(T[] values, ReadOnlySpan<int> order, Span<T> destination)
    {
        destination = destination[..order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            destination[k] = values[order[k]];
        }
    }

    /// <summary>Writes the rows as one chunk: an int32 count then each column's values.</summary>
    public void WriteChunk(Stream stream)
    {
        Span<byte> count = stackalloc byte[4];
        BitConverter.TryWriteBytes(count, Count);
        stream.Write(count);
        WriteColumn(stream, Vehicle);
        WriteColumn(stream, TimestampMs);
        WriteColumn(stream, Lon);
        WriteColumn(stream, Lat);
        if (HasOptionalColumns)
        {
            WriteColumn(stream, SpeedKmh);
            WriteColumn(stream, HeadingDeg);
            WriteColumn(stream, Occupied);
        }

        WriteColumn(stream, FileIndex);
        WriteColumn(stream, Line);
    }

    /// <summary>Appends the rows of the next chunk; false at the end of the stream.</summary>
    public bool ReadChunk(Stream stream)
    {
        Span<byte> header = stackalloc byte[4];
        int got = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (got == 0)
        {
            return false;
        }

        if (got != 4)
        {
            throw new IOException("Truncated ingest spill file (the engine's own temporary file, not an input).");
        }

        int n = BitConverter.ToInt32(header);
        int at = Count;
        if (at + n > Vehicle.Length)
        {
            Grow(Math.Max(at + n, Vehicle.Length * 2));
        }

        ReadColumn(stream, Vehicle.AsSpan(at, n));
        ReadColumn(stream, TimestampMs.AsSpan(at, n));
        ReadColumn(stream, Lon.AsSpan(at, n));
        ReadColumn(stream, Lat.AsSpan(at, n));
        if (HasOptionalColumns)
        {
            ReadColumn(stream, SpeedKmh.AsSpan(at, n));
            ReadColumn(stream, HeadingDeg.AsSpan(at, n));
            ReadColumn(stream, Occupied.AsSpan(at, n));
        }

        ReadColumn(stream, FileIndex.AsSpan(at, n));
        ReadColumn(stream, Line.AsSpan(at, n));
        Count = at + n;
        return true;
    }

    private void WriteColumn<T>(Stream stream, T[] values)
        where T : unmanaged => stream.Write(MemoryMarshal.AsBytes(values.AsSpan(0, Count)));

    private static void ReadColumn<T>(Stream stream, Span<T> destination)
        where T : unmanaged => stream.ReadExactly(MemoryMarshal.AsBytes(destination));

    private void Grow(int capacity)
    {
        Vehicle = Resize(Vehicle, capacity);
        TimestampMs = Resize(TimestampMs, capacity);
        Lon = Resize(Lon, capacity);
        Lat = Resize(Lat, capacity);
        if (HasOptionalColumns)
        {
            SpeedKmh = Resize(SpeedKmh, capacity);
            HeadingDeg = Resize(HeadingDeg, capacity);
            Occupied = Resize(Occupied, capacity);
        }

        FileIndex = Resize(FileIndex, capacity);
        Line = Resize(Line, capacity);
    }

    /// <summary>
    /// Uninitialised arrays on the pinned object heap: these buffers live through the whole read phase, and on the
    /// small object heap every gen0/gen1 collection would copy them (measured: about a third of the read phase).
    /// </summary>
    private static T[] Allocate<T>(int capacity)
        where T : unmanaged
    {
        T[] array = GC.AllocateUninitializedArray<T>(capacity, pinned: true);
        HugePages.Advise(array);
        return array;
    }

    private T[] Resize<T>(T[] array, int capacity)
        where T : unmanaged
    {
        T[] grown = Allocate<T>(capacity);
        Array.Copy(array, grown, Count);
        return grown;
    }
}
