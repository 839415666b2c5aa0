using TrafficEngine.Arrow.Ipc;

namespace TrafficEngine.Tests.Arrow;

public sealed class StringOffsetsTests
{
    public static TheoryData<int> Lengths()
    {
        var lengths = new TheoryData<int>();
        for (int length = 0; length <= 300; length++)
        {
            lengths.Add(length);
        }

        return lengths;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void FindDecrease_EveryLengthAndPosition_SameAsScalar(int length)
    {
        var random = new Random(length);
        int[] offsets = new int[length];
        for (int i = 1; i < length; i++)
        {
            offsets[i] = offsets[i - 1] + random.Next(0, 3); // equal neighbours (empty strings) are allowed
        }

        int none = StringOffsets.FindDecrease(offsets);

        Assert.Equal(-1, none);
        Assert.Equal(-1, StringOffsets.FindDecreaseScalar(offsets));
        for (int at = 1; at < length; at++)
        {
            int[] broken = (int[])offsets.Clone();
            broken[at] = broken[at - 1] - 1;
            if (at + 1 < length && random.Next(2) == 0)
            {
                broken[length - 1] = int.MinValue; // a later decrease must not hide the first one
            }

            Assert.Equal(at, StringOffsets.FindDecrease(broken));
            Assert.Equal(at, StringOffsets.FindDecreaseScalar(broken));
        }
    }

    [Fact]
    public void FindDecrease_ExtremeValues_ComparedAsSigned()
    {
        Assert.Equal(-1, StringOffsets.FindDecrease([0, 1, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue]));
        Assert.Equal(9, StringOffsets.FindDecrease([0, 1, 2, 3, 4, 5, 6, 7, int.MaxValue, int.MinValue]));
    }
}
