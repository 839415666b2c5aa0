using System.Diagnostics.CodeAnalysis;
using Apache.Arrow;

namespace TrafficEngine.Kernels;

/// <summary>Argument checks shared by the kernels; they run once, before any loop.</summary>
internal static class KernelGuard
{
    public static void SameLength(int expected, int actual, string paramName)
    {
        if (actual != expected)
        {
            ThrowLengthMismatch(expected, actual, paramName);
        }
    }

    public static void HasRoom(int required, int available, string paramName)
    {
        if (available < required)
        {
            ThrowTooShort(required, available, paramName);
        }
    }

    /// <summary>An empty bitmap means every value is present (Arrow); otherwise it must cover offset + length bits.</summary>
    public static void Validity(ReadOnlySpan<byte> validity, int validityOffset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validityOffset);
        if (!validity.IsEmpty && validity.Length < ((((long)validityOffset + length) + 7) >> 3))
        {
            ThrowTooShort((int)((((long)validityOffset + length) + 7) >> 3), validity.Length, nameof(validity));
        }
    }

    public static void Selection(ReadOnlySpan<int> selection, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, selection.Length);
    }

    [DoesNotReturn]
    public static void ThrowRowOutOfRange(int row, int length, string paramName) =>
        throw new ArgumentException($"Selection holds row {row}, outside the {length} values.", paramName);

    [DoesNotReturn]
    private static void ThrowLengthMismatch(int expected, int actual, string paramName) =>
        throw new ArgumentException($"Expected {expected} elements, got {actual}.", paramName);

    [DoesNotReturn]
    private static void ThrowTooShort(int required, int available, string paramName) =>
        throw new ArgumentException($"Needs room for {required} elements, has {available}.", paramName);
}
