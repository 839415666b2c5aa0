using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Kernels;

public static partial class FilterKernels
{
    /// <summary>
    /// Selects rows with minLon &lt;= lon &lt;= maxLon and minLat &lt;= lat &lt;= maxLat (edges inclusive, NaN never;
    /// no antimeridian wrap: a box with minLon &gt; maxLon selects nothing).
    /// </summary>
    public static int SelectInBoundingBox(
        ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, double minLon, double minLat, double maxLon, double maxLat, Span<int> selection)
    {
        KernelGuard.SameLength(lon.Length, lat.Length, nameof(lat));
        KernelGuard.HasRoom(lon.Length, selection.Length, nameof(selection));
        var box = new Box(minLon, minLat, maxLon, maxLat);
        ref double x = ref MemoryMarshal.GetReference(lon);
        ref double y = ref MemoryMarshal.GetReference(lat);
        ref int output = ref MemoryMarshal.GetReference(selection);
        int length = lon.Length, i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<double>.Count)
        {
            for (int last = length - Vector256<double>.Count; i <= last; i += Vector256<double>.Count)
            {
                uint bits = box.Contains(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)).ExtractMostSignificantBits();
                for (; bits != 0; bits &= bits - 1)
                {
                    Unsafe.Add(ref output, count++) = i + BitOperations.TrailingZeroCount(bits);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<double>.Count)
        {
            for (int last = length - Vector128<double>.Count; i <= last; i += Vector128<double>.Count)
            {
                uint bits = box.Contains(Vector128.LoadUnsafe(ref x, (nuint)i), Vector128.LoadUnsafe(ref y, (nuint)i)).ExtractMostSignificantBits();
                for (; bits != 0; bits &= bits - 1)
                {
                    Unsafe.Add(ref output, count++) = i + BitOperations.TrailingZeroCount(bits);
                }
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref output, count) = i;
            count += box.Contains(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i)) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Sets bit i when fix i is inside the box (see <see cref="SelectInBoundingBox"/>); returns the set count.</summary>
    public static int MaskInBoundingBox(
        ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, double minLon, double minLat, double maxLon, double maxLat, Span<byte> bitmap)
    {
        KernelGuard.SameLength(lon.Length, lat.Length, nameof(lat));
        KernelGuard.HasRoom((lon.Length + 7) >> 3, bitmap.Length, nameof(bitmap));
        var box = new Box(minLon, minLat, maxLon, maxLat);
        ref double x = ref MemoryMarshal.GetReference(lon);
        ref double y = ref MemoryMarshal.GetReference(lat);
        int length = lon.Length, i = 0, count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (int last = length - 8; i <= last; i += 8)
            {
                uint bits = box.Contains(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref y, (nuint)i)).ExtractMostSignificantBits()
                    | (box.Contains(Vector256.LoadUnsafe(ref x, (nuint)i + 4), Vector256.LoadUnsafe(ref y, (nuint)i + 4)).ExtractMostSignificantBits() << 4);
                bitmap[i >> 3] = (byte)bits;
                count += BitOperations.PopCount(bits);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (int last = length - 8; i <= last; i += 8)
            {
                uint bits = 0;
                for (int k = 0; k < 8; k += 2)
                {
                    bits |= box.Contains(Vector128.LoadUnsafe(ref x, (nuint)(i + k)), Vector128.LoadUnsafe(ref y, (nuint)(i + k))).ExtractMostSignificantBits() << k;
                }

                bitmap[i >> 3] = (byte)bits;
                count += BitOperations.PopCount(bits);
            }
        }

        for (; i < length; i += 8)
        {
            uint bits = 0;
            int end = Math.Min(i + 8, length);
            for (int j = i; j < end; j++)
            {
                bits |= (box.Contains(Unsafe.Add(ref x, j), Unsafe.Add(ref y, j)) ? 1u : 0u) << (j - i);
            }

            bitmap[i >> 3] = (byte)bits;
            count += BitOperations.PopCount(bits);
        }

        return count;
    }

    /// <summary>Keeps the first <paramref name="count"/> selected rows whose fix is inside the box, in place.</summary>
    public static int RefineInBoundingBox(
        ReadOnlySpan<double> lon, ReadOnlySpan<double> lat, double minLon, double minLat, double maxLon, double maxLat, Span<int> selection, int count)
    {
        KernelGuard.SameLength(lon.Length, lat.Length, nameof(lat));
        KernelGuard.Selection(selection, count);
        var box = new Box(minLon, minLat, maxLon, maxLat);
        int kept = 0;
        for (int j = 0; j < count; j++)
        {
            int row = selection[j];
            if ((uint)row >= (uint)lon.Length)
            {
                KernelGuard.ThrowRowOutOfRange(row, lon.Length, nameof(selection));
            }

            selection[kept] = row;
            kept += box.Contains(lon[row], lat[row]) ? 1 : 0;
        }

        return kept;
    }

    private readonly struct Box(double minLon, double minLat, double maxLon, double maxLat)
    {
        private readonly InclusiveRange<double> _lon = new(minLon, maxLon);
        private readonly InclusiveRange<double> _lat = new(minLat, maxLat);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Contains(double lon, double lat) => _lon.Matches(lon) & _lat.Matches(lat);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<double> Contains(Vector128<double> lon, Vector128<double> lat) => _lon.Matches(lon) & _lat.Matches(lat);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Contains(Vector256<double> lon, Vector256<double> lat) => _lon.Matches(lon) & _lat.Matches(lat);
    }
}
