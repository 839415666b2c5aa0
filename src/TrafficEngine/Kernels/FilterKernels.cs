namespace TrafficEngine.Kernels;

/// <summary>
/// Filters over value spans. <c>Select*</c> writes the ascending indices of matching rows to a selection vector
/// (which must be at least as long as the input) and returns how many; <c>Mask*</c> writes an Arrow bitmap
/// (least-significant bit first, from bit 0, trailing bits of the last byte cleared) and returns the number of set
/// bits; <c>Refine*</c> narrows an existing selection in place, keeping order. NaN is never selected; -0.0 equals
/// 0.0; an empty or inverted range selects nothing.
/// </summary>
public static partial class FilterKernels
{
    /// <summary>Selects rows with <paramref name="min"/> &lt;= value &lt;= <paramref name="max"/>.</summary>
    public static int SelectInRange(ReadOnlySpan<double> values, double min, double max, Span<int> selection)
    {
        KernelGuard.HasRoom(values.Length, selection.Length, nameof(selection));
        return FilterCore.Select(values, new InclusiveRange<double>(min, max), selection);
    }

    /// <inheritdoc cref="SelectInRange(ReadOnlySpan{double}, double, double, Span{int})"/>
    public static int SelectInRange(ReadOnlySpan<float> values, float min, float max, Span<int> selection)
    {
        KernelGuard.HasRoom(values.Length, selection.Length, nameof(selection));
        return FilterCore.Select(values, new InclusiveRange<float>(min, max), selection);
    }

    /// <inheritdoc cref="SelectInRange(ReadOnlySpan{double}, double, double, Span{int})"/>
    public static int SelectInRange(ReadOnlySpan<long> values, long min, long max, Span<int> selection)
    {
        KernelGuard.HasRoom(values.Length, selection.Length, nameof(selection));
        return FilterCore.Select(values, new InclusiveRange<long>(min, max), selection);
    }

    /// <inheritdoc cref="SelectInRange(ReadOnlySpan{double}, double, double, Span{int})"/>
    public static int SelectInRange(ReadOnlySpan<int> values, int min, int max, Span<int> selection)
    {
        KernelGuard.HasRoom(values.Length, selection.Length, nameof(selection));
        return FilterCore.Select(values, new InclusiveRange<int>(min, max), selection);
    }

    /// <summary>Selects rows with <paramref name="fromMs"/> &lt;= timestamp &lt; <paramref name="toMs"/> (half-open).</summary>
    public static int SelectInTimeWindow(ReadOnlySpan<long> timestampMs, long fromMs, long toMs, Span<int> selection)
    {
        KernelGuard.HasRoom(timestampMs.Length, selection.Length, nameof(selection));
        return FilterCore.Select(timestampMs, new HalfOpenRange<long>(fromMs, toMs), selection);
    }

    /// <summary>Sets bit i when <paramref name="min"/> &lt;= value i &lt;= <paramref name="max"/>.</summary>
    public static int MaskInRange(ReadOnlySpan<double> values, double min, double max, Span<byte> bitmap)
    {
        KernelGuard.HasRoom((values.Length + 7) >> 3, bitmap.Length, nameof(bitmap));
        return FilterCore.Mask(values, new InclusiveRange<double>(min, max), bitmap);
    }

    /// <inheritdoc cref="MaskInRange(ReadOnlySpan{double}, double, double, Span{byte})"/>
    public static int MaskInRange(ReadOnlySpan<float> values, float min, float max, Span<byte> bitmap)
    {
        KernelGuard.HasRoom((values.Length + 7) >> 3, bitmap.Length, nameof(bitmap));
        return FilterCore.Mask(values, new InclusiveRange<float>(min, max), bitmap);
    }

    /// <inheritdoc cref="MaskInRange(ReadOnlySpan{double}, double, double, Span{byte})"/>
    public static int MaskInRange(ReadOnlySpan<long> values, long min, long max, Span<byte> bitmap)
    {
        KernelGuard.HasRoom((values.Length + 7) >> 3, bitmap.Length, nameof(bitmap));
        return FilterCore.Mask(values, new InclusiveRange<long>(min, max), bitmap);
    }

    /// <inheritdoc cref="MaskInRange(ReadOnlySpan{double}, double, double, Span{byte})"/>
    public static int MaskInRange(ReadOnlySpan<int> values, int min, int max, Span<byte> bitmap)
    {
        KernelGuard.HasRoom((values.Length + 7) >> 3, bitmap.Length, nameof(bitmap));
        return FilterCore.Mask(values, new InclusiveRange<int>(min, max), bitmap);
    }

    /// <summary>Sets bit i when <paramref name="fromMs"/> &lt;= timestamp i &lt; <paramref name="toMs"/>.</summary>
    public static int MaskInTimeWindow(ReadOnlySpan<long> timestampMs, long fromMs, long toMs, Span<byte> bitmap)
    {
        KernelGuard.HasRoom((timestampMs.Length + 7) >> 3, bitmap.Length, nameof(bitmap));
        return FilterCore.Mask(timestampMs, new HalfOpenRange<long>(fromMs, toMs), bitmap);
    }

    /// <summary>
    /// Keeps the first <paramref name="count"/> selected rows whose value is in [min, max], in place; returns the new
    /// count. Throws <see cref="ArgumentException"/> when a selected row is outside <paramref name="values"/>.
    /// </summary>
    public static int RefineInRange(ReadOnlySpan<double> values, double min, double max, Span<int> selection, int count)
    {
        KernelGuard.Selection(selection, count);
        return FilterCore.Refine(values, new InclusiveRange<double>(min, max), selection, count);
    }

    /// <inheritdoc cref="RefineInRange(ReadOnlySpan{double}, double, double, Span{int}, int)"/>
    public static int RefineInRange(ReadOnlySpan<float> values, float min, float max, Span<int> selection, int count)
    {
        KernelGuard.Selection(selection, count);
        return FilterCore.Refine(values, new InclusiveRange<float>(min, max), selection, count);
    }

    /// <inheritdoc cref="RefineInRange(ReadOnlySpan{double}, double, double, Span{int}, int)"/>
    public static int RefineInRange(ReadOnlySpan<long> values, long min, long max, Span<int> selection, int count)
    {
        KernelGuard.Selection(selection, count);
        return FilterCore.Refine(values, new InclusiveRange<long>(min, max), selection, count);
    }

    /// <inheritdoc cref="RefineInRange(ReadOnlySpan{double}, double, double, Span{int}, int)"/>
    public static int RefineInRange(ReadOnlySpan<int> values, int min, int max, Span<int> selection, int count)
    {
        KernelGuard.Selection(selection, count);
        return FilterCore.Refine(values, new InclusiveRange<int>(min, max), selection, count);
    }

    /// <summary>Keeps the first <paramref name="count"/> selected rows whose timestamp is in [fromMs, toMs), in place.</summary>
    public static int RefineInTimeWindow(ReadOnlySpan<long> timestampMs, long fromMs, long toMs, Span<int> selection, int count)
    {
        KernelGuard.Selection(selection, count);
        return FilterCore.Refine(timestampMs, new HalfOpenRange<long>(fromMs, toMs), selection, count);
    }
}
