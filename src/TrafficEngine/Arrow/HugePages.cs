using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrafficEngine.Arrow;

/// <summary>
/// Asks Linux to back large fresh buffers with 2 MB pages (madvise MADV_HUGEPAGE) before they are first written. Where
/// transparent huge pages are in "madvise" mode (the common default), a buffer of tens of megabytes then costs a few
/// dozen page faults instead of thousands: on the 2-core VM, fresh buffers' 4 KB faults were a quarter of a T-Drive
/// ingest. A hint only: elsewhere, or when refused, nothing changes.
/// </summary>
internal static partial class HugePages
{
    /// <summary>Buffers smaller than this are left alone (a huge page must fit inside).</summary>
    internal const long MinimumBytes = 4L << 20;

    private const long PageBytes = 2L << 20;
    private const int MadvHugePage = 14;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Advises the whole 2 MB pages inside an array's data that has not been written yet.</summary>
    public static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (_unavailable || bytes < MinimumBytes)
        {
            return;
        }

        long start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        long first = (start + PageBytes - 1) & ~(PageBytes - 1);
        long end = (start + bytes) & ~(PageBytes - 1);
        if (end > first)
        {
            try
            {
                _ = Madvise((nint)first, (nuint)(end - first), MadvHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
