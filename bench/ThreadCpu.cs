using System.Runtime.InteropServices;

namespace Bench;

/// <summary>
/// CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)): what one core spent on the work,
/// which other load on the shared machine does not inflate the way it inflates wall-clock time.
/// </summary>
public static partial class ThreadCpu
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static double Seconds()
    {
        _ = ClockGetTime(ThreadCpuClock, out TimeSpec t);
        return t.Seconds + (t.Nanoseconds / 1e9);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
