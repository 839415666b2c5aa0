using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Kernels;

/// <summary>A per-value test with matching scalar and vector forms (NaN never matches).</summary>
internal interface IValuePredicate<T>
{
    bool Matches(T value);

    Vector128<T> Matches(Vector128<T> values);

    Vector256<T> Matches(Vector256<T> values);
}

/// <summary>min &lt;= value &lt;= max.</summary>
internal readonly struct InclusiveRange<T>(T min, T max) : IValuePredicate<T>
    where T : INumber<T>
{
    private readonly T _min = min;
    private readonly T _max = max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(T value) => value >= _min && value <= _max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Matches(Vector128<T> values) =>
        Vector128.GreaterThanOrEqual(values, Vector128.Create(_min)) & Vector128.LessThanOrEqual(values, Vector128.Create(_max));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Matches(Vector256<T> values) =>
        Vector256.GreaterThanOrEqual(values, Vector256.Create(_min)) & Vector256.LessThanOrEqual(values, Vector256.Create(_max));
}

/// <summary>from &lt;= value &lt; to.</summary>
internal readonly struct HalfOpenRange<T>(T from, T to) : IValuePredicate<T>
    where T : INumber<T>
{
    private readonly T _from = from;
    private readonly T _to = to;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(T value) => value >= _from && value < _to;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Matches(Vector128<T> values) =>
        Vector128.GreaterThanOrEqual(values, Vector128.Create(_from)) & Vector128.LessThan(values, Vector128.Create(_to));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Matches(Vector256<T> values) =>
        Vector256.GreaterThanOrEqual(values, Vector256.Create(_from)) & Vector256.LessThan(values, Vector256.Create(_to));
}
