using TrafficEngine.IO;
namespace Jobs.Tests;

public sealed class TimeArgumentsTests
{
    [Theory]
    [InlineData("2008-02-02T13:30:50+08:00", 1201930250000)]
    [InlineData("2008-02-02T05:30:50Z", 1201930250000)]
    [InlineData("2008-02-02 13:30:50", 1201930250000)]
    [InlineData("2008-02-02T13:30:50.250", 1201930250250)]
    [InlineData("1201930250", 1201930250000)]
    [InlineData("1201930250000", 1201930250000)]
    [InlineData("2008-02-02", 1201881600000)]
    public void ParseUtcMs_KnownForms_GiveEpochMilliseconds(string text, long expected)
    {
        long actual = TimeArguments.ParseUtcMs(text, "--from");

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ParseUtcMs_Garbage_NamesOptionAndValue()
    {
        UserInputException ex = Assert.Throws<UserInputException>(() => TimeArguments.ParseUtcMs("yesterday", "--to"));

        Assert.Contains("--to", ex.Message, StringComparison.Ordinal);
        Assert.Contains("yesterday", ex.Message, StringComparison.Ordinal);
    }
}
