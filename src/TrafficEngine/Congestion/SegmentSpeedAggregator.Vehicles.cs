using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TrafficEngine.Congestion;

public sealed partial class SegmentSpeedAggregator
{
    /// <summary>
    /// Counts <paramref name="vehicle"/> in the cell unless it was there: up to eight vehicles inline, compared in one
    /// SIMD instruction; past that, a table of the cell's own, which the first two inline slots then locate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountVehicle(ref Cell cell, int window, int vehicle)
    {
        ref int seen = ref cell.Seen[0];
        int distinct = cell.Distinct;
        if (distinct > Inline)
        {
            // Spilled: the first two inline slots locate the cell's own table in its window's arena.
            if (_tables[window]!.Add(ref seen, ref Unsafe.Add(ref seen, 1), distinct, vehicle))
            {
                cell.Distinct = distinct + 1;
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            uint hits = Vector256.Equals(Vector256.LoadUnsafe(ref seen), Vector256.Create(vehicle)).ExtractMostSignificantBits();
            if ((hits & ((1u << distinct) - 1)) != 0)
            {
                return;
            }
        }
        else
        {
            for (int k = 0; k < distinct; k++)
            {
                if (Unsafe.Add(ref seen, k) == vehicle)
                {
                    return;
                }
            }
        }

        if (distinct < Inline)
        {
            Unsafe.Add(ref seen, distinct) = vehicle;
        }
        else
        {
            Spill(ref cell, window, vehicle);
        }

        cell.Distinct = distinct + 1;
    }

    /// <summary>Moves a full cell's inline vehicles and one more into a table of its own; the first two slots then locate it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Spill(ref Cell cell, int window, int vehicle)
    {
        Span<int> all = stackalloc int[Inline + 1];
        ((ReadOnlySpan<int>)cell.Seen).CopyTo(all);
        all[Inline] = vehicle;
        (cell.Seen[0], cell.Seen[1]) = (_tables[window] ??= new VehicleTables()).Create(all);
    }
}
