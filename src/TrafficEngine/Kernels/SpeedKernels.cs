using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Kernels;

/// <summary>
/// Great-circle distances and implied speeds between GPS fixes (haversine on a sphere of radius 6,371,008.8 m, the
/// IUGG mean Earth radius). Coordinates are WGS84 degrees; NaN in gives NaN out.
/// </summary>
public static class SpeedKernels
{
    public const double EarthRadiusMeters = 6371008.8;

    private const int ChunkLength = 512;
    private const double RadiansPerDegree = Math.PI / 180.0;
    private const double KmhPerMetrePerMs = 3600.0; // 1 m/ms = 1000 m/s = 3600 km/h

    /// <summary>
    /// meters[i] = haversine distance from (fromLon[i], fromLat[i]) to (toLon[i], toLat[i]). <paramref name="meters"/>
    /// may be one of the inputs, but must not otherwise overlap them.
    /// </summary>
    public static void HaversineMeters(
        ReadOnlySpan<double> fromLonDeg, ReadOnlySpan<double> fromLatDeg, ReadOnlySpan<double> toLonDeg, ReadOnlySpan<double> toLatDeg, Span<double> meters)
    {
        int length = fromLonDeg.Length;
        KernelGuard.SameLength(length, fromLatDeg.Length, nameof(fromLatDeg));
        KernelGuard.SameLength(length, toLonDeg.Length, nameof(toLonDeg));
        KernelGuard.SameLength(length, toLatDeg.Length, nameof(toLatDeg));
        KernelGuard.HasRoom(length, meters.Length, nameof(meters));

        // Per chunk: the haversine term sqrt(a) in registers (Sin/Cos are vectorised), then asin and scale with
        // TensorPrimitives while the chunk is still in L1. There is no vector Asin in System.Runtime.Intrinsics.
        for (int i = 0; i < length; i += ChunkLength)
        {
            int n = Math.Min(ChunkLength, length - i);
            Span<double> chunk = meters.Slice(i, n);
            SqrtHaversineTerm(fromLonDeg.Slice(i, n), fromLatDeg.Slice(i, n), toLonDeg.Slice(i, n), toLatDeg.Slice(i, n), chunk);
            TensorPrimitives.Asin(chunk, chunk);
            TensorPrimitives.Multiply(chunk, 2.0 * EarthRadiusMeters, chunk);
        }
    }

    /// <summary>Haversine distance of one pair, in metres; the scalar form of the span overload.</summary>
    public static double HaversineMeters(double fromLonDeg, double fromLatDeg, double toLonDeg, double toLatDeg) =>
        2.0 * EarthRadiusMeters * Math.Asin(SqrtHaversineTerm(fromLonDeg, fromLatDeg, toLonDeg, toLatDeg));

    /// <summary>
    /// Speed implied by consecutive fixes of one vehicle: speedKmh[i] = distance(i-1, i) / (timestampMs[i] -
    /// timestampMs[i-1]) when vehicle[i] == vehicle[i-1]. NaN for the first fix of each vehicle run, for a time going
    /// backwards and for NaN coordinates; +Infinity when the fix moved in zero time; 0 when it neither moved nor aged.
    /// Fixes are expected grouped by vehicle and ordered by time within a vehicle.
    /// </summary>
    public static void ImpliedSpeedKmh(
        ReadOnlySpan<long> vehicle, ReadOnlySpan<long> timestampMs, ReadOnlySpan<double> lonDeg, ReadOnlySpan<double> latDeg, Span<double> speedKmh) =>
        ImpliedSpeedCore(vehicle, timestampMs, lonDeg, latDeg, speedKmh);

    /// <inheritdoc cref="ImpliedSpeedKmh(ReadOnlySpan{long}, ReadOnlySpan{long}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void ImpliedSpeedKmh(
        ReadOnlySpan<int> vehicle, ReadOnlySpan<long> timestampMs, ReadOnlySpan<double> lonDeg, ReadOnlySpan<double> latDeg, Span<double> speedKmh) =>
        ImpliedSpeedCore(vehicle, timestampMs, lonDeg, latDeg, speedKmh);

    /// <summary>Speed from a distance and a time step, with the edge cases of <see cref="ImpliedSpeedKmh(ReadOnlySpan{long}, ReadOnlySpan{long}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>.</summary>
    public static double SpeedKmh(double meters, long elapsedMs)
    {
        double dt = elapsedMs;
        double speed = meters * KmhPerMetrePerMs / dt;
        return elapsedMs < 0 ? double.NaN : elapsedMs == 0 && meters == 0 ? 0.0 : speed;
    }

    private static void ImpliedSpeedCore<TVehicle>(
        ReadOnlySpan<TVehicle> vehicle, ReadOnlySpan<long> timestampMs, ReadOnlySpan<double> lonDeg, ReadOnlySpan<double> latDeg, Span<double> speedKmh)
        where TVehicle : unmanaged, IEquatable<TVehicle>
    {
        int length = vehicle.Length;
        KernelGuard.SameLength(length, timestampMs.Length, nameof(timestampMs));
        KernelGuard.SameLength(length, lonDeg.Length, nameof(lonDeg));
        KernelGuard.SameLength(length, latDeg.Length, nameof(latDeg));
        KernelGuard.HasRoom(length, speedKmh.Length, nameof(speedKmh));
        if (length == 0)
        {
            return;
        }

        speedKmh[0] = double.NaN;
        HaversineMeters(lonDeg[..^1], latDeg[..^1], lonDeg[1..], latDeg[1..], speedKmh[1..length]);

        // speedKmh now holds metres from the previous fix; turn it into km/h in place.
        ref TVehicle ids = ref MemoryMarshal.GetReference(vehicle);
        ref long times = ref MemoryMarshal.GetReference(timestampMs);
        ref double output = ref MemoryMarshal.GetReference(speedKmh);
        int i = 1;
        if (Vector256.IsHardwareAccelerated && length > Vector256<double>.Count)
        {
            Vector256<double> zero = Vector256<double>.Zero, scale = Vector256.Create(KmhPerMetrePerMs);
            for (int last = length - Vector256<double>.Count; i <= last; i += Vector256<double>.Count)
            {
                Vector256<long> dtMs = Vector256.LoadUnsafe(ref times, (nuint)i) - Vector256.LoadUnsafe(ref times, (nuint)(i - 1));
                Vector256<double> dt = Vector256.ConvertToDouble(dtMs);
                Vector256<double> meters = Vector256.LoadUnsafe(ref output, (nuint)i);
                Vector256<double> speed = meters * scale / dt;
                speed = Vector256.ConditionalSelect(Vector256.Equals(meters, zero) & Vector256.Equals(dt, zero), zero, speed);
                Vector256<double> keep = SameVehicle256(ref ids, i).AsDouble() & Vector256.GreaterThanOrEqual(dt, zero);
                Vector256.ConditionalSelect(keep, speed, Vector256.Create(double.NaN)).StoreUnsafe(ref output, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && length > Vector128<double>.Count)
        {
            Vector128<double> zero = Vector128<double>.Zero, scale = Vector128.Create(KmhPerMetrePerMs);
            for (int last = length - Vector128<double>.Count; i <= last; i += Vector128<double>.Count)
            {
                Vector128<long> dtMs = Vector128.LoadUnsafe(ref times, (nuint)i) - Vector128.LoadUnsafe(ref times, (nuint)(i - 1));
                Vector128<double> dt = Vector128.ConvertToDouble(dtMs);
                Vector128<double> meters = Vector128.LoadUnsafe(ref output, (nuint)i);
                Vector128<double> speed = meters * scale / dt;
                speed = Vector128.ConditionalSelect(Vector128.Equals(meters, zero) & Vector128.Equals(dt, zero), zero, speed);
                Vector128<double> keep = SameVehicle128(ref ids, i).AsDouble() & Vector128.GreaterThanOrEqual(dt, zero);
                Vector128.ConditionalSelect(keep, speed, Vector128.Create(double.NaN)).StoreUnsafe(ref output, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            ref double slot = ref Unsafe.Add(ref output, i);
            slot = Unsafe.Add(ref ids, i).Equals(Unsafe.Add(ref ids, i - 1))
                ? SpeedKmh(slot, Unsafe.Add(ref times, i) - Unsafe.Add(ref times, i - 1))
                : double.NaN;
        }
    }

    /// <summary>Lane k all ones when ids[i + k] == ids[i + k - 1], for 4 lanes of 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> SameVehicle256<TVehicle>(ref TVehicle ids, int i)
    {
        if (typeof(TVehicle) == typeof(long))
        {
            ref long longs = ref Unsafe.As<TVehicle, long>(ref ids);
            return Vector256.Equals(Vector256.LoadUnsafe(ref longs, (nuint)i), Vector256.LoadUnsafe(ref longs, (nuint)(i - 1)));
        }

        ref int ints = ref Unsafe.As<TVehicle, int>(ref ids);
        Vector128<int> same = Vector128.Equals(Vector128.LoadUnsafe(ref ints, (nuint)i), Vector128.LoadUnsafe(ref ints, (nuint)(i - 1)));
        return Vector256.Create(Vector128.WidenLower(same), Vector128.WidenUpper(same));
    }

    /// <summary>Lane k all ones when ids[i + k] == ids[i + k - 1], for 2 lanes of 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<long> SameVehicle128<TVehicle>(ref TVehicle ids, int i)
    {
        if (typeof(TVehicle) == typeof(long))
        {
            ref long longs = ref Unsafe.As<TVehicle, long>(ref ids);
            return Vector128.Equals(Vector128.LoadUnsafe(ref longs, (nuint)i), Vector128.LoadUnsafe(ref longs, (nuint)(i - 1)));
        }

        ref int ints = ref Unsafe.As<TVehicle, int>(ref ids);
        // Two ints each side, read as one long so nothing past the end is touched (Vector64 is not accelerated on x64).
        Vector128<int> current = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref ints, i)))).AsInt32();
        Vector128<int> previous = Vector128.CreateScalar(Unsafe.ReadUnaligned<long>(ref Unsafe.As<int, byte>(ref Unsafe.Add(ref ints, i - 1)))).AsInt32();
        return Vector128.WidenLower(Vector128.Equals(current, previous));
    }

    private static void SqrtHaversineTerm(
        ReadOnlySpan<double> fromLonDeg, ReadOnlySpan<double> fromLatDeg, ReadOnlySpan<double> toLonDeg, ReadOnlySpan<double> toLatDeg, Span<double> output)
    {
        ref double lon1 = ref MemoryMarshal.GetReference(fromLonDeg);
        ref double lat1 = ref MemoryMarshal.GetReference(fromLatDeg);
        ref double lon2 = ref MemoryMarshal.GetReference(toLonDeg);
        ref double lat2 = ref MemoryMarshal.GetReference(toLatDeg);
        ref double result = ref MemoryMarshal.GetReference(output);
        int length = output.Length, i = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<double>.Count)
        {
            Vector256<double> k = Vector256.Create(RadiansPerDegree), half = Vector256.Create(0.5), one = Vector256<double>.One;
            for (int last = length - Vector256<double>.Count; i <= last; i += Vector256<double>.Count)
            {
                Vector256<double> latFrom = Vector256.LoadUnsafe(ref lat1, (nuint)i), latTo = Vector256.LoadUnsafe(ref lat2, (nuint)i);
                Vector256<double> phi1 = latFrom * k;
                Vector256<double> phi2 = latTo * k;
                Vector256<double> halfDeltaLambda = (Vector256.LoadUnsafe(ref lon2, (nuint)i) - Vector256.LoadUnsafe(ref lon1, (nuint)i)) * k * half;
                Vector256<double> sinPhi = Vector256.Sin((latTo - latFrom) * k * half);
                Vector256<double> sinLambda = Vector256.Sin(halfDeltaLambda);
                Vector256<double> a = (sinPhi * sinPhi) + (Vector256.Cos(phi1) * Vector256.Cos(phi2) * sinLambda * sinLambda);
                Vector256.Sqrt(Vector256.Min(a, one)).StoreUnsafe(ref result, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<double>.Count)
        {
            Vector128<double> k = Vector128.Create(RadiansPerDegree), half = Vector128.Create(0.5), one = Vector128<double>.One;
            for (int last = length - Vector128<double>.Count; i <= last; i += Vector128<double>.Count)
            {
                Vector128<double> latFrom = Vector128.LoadUnsafe(ref lat1, (nuint)i), latTo = Vector128.LoadUnsafe(ref lat2, (nuint)i);
                Vector128<double> phi1 = latFrom * k;
                Vector128<double> phi2 = latTo * k;
                Vector128<double> halfDeltaLambda = (Vector128.LoadUnsafe(ref lon2, (nuint)i) - Vector128.LoadUnsafe(ref lon1, (nuint)i)) * k * half;
                Vector128<double> sinPhi = Vector128.Sin((latTo - latFrom) * k * half);
                Vector128<double> sinLambda = Vector128.Sin(halfDeltaLambda);
                Vector128<double> a = (sinPhi * sinPhi) + (Vector128.Cos(phi1) * Vector128.Cos(phi2) * sinLambda * sinLambda);
                Vector128.Sqrt(Vector128.Min(a, one)).StoreUnsafe(ref result, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref result, i) = SqrtHaversineTerm(Unsafe.Add(ref lon1, i), Unsafe.Add(ref lat1, i), Unsafe.Add(ref lon2, i), Unsafe.Add(ref lat2, i));
        }
    }

    /// <summary>
    /// sqrt(a), a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), clamped to 1; same operation order as the vectors. Δφ comes
    /// from the degree difference, not from φ2 - φ1, which would cancel badly for fixes centimetres apart.
    /// </summary>
    private static double SqrtHaversineTerm(double lon1, double lat1, double lon2, double lat2)
    {
        double phi1 = lat1 * RadiansPerDegree;
        double phi2 = lat2 * RadiansPerDegree;
        double halfDeltaLambda = (lon2 - lon1) * RadiansPerDegree * 0.5;
        double sinPhi = Math.Sin((lat2 - lat1) * RadiansPerDegree * 0.5);
        double sinLambda = Math.Sin(halfDeltaLambda);
        double a = (sinPhi * sinPhi) + (Math.Cos(phi1) * Math.Cos(phi2) * sinLambda * sinLambda);
        return Math.Sqrt(Math.Min(a, 1.0));
    }
}
