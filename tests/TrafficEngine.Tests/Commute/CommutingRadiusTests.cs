using TrafficEngine.Commute;

namespace TrafficEngine.Tests.Commute;

public class CommutingRadiusTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(30.0)]
    [InlineData(125.0)]
    public void Compute_PointsEvenlyOnAnEllipse_RadiusIsTheSemiMajorAxis(double degrees)
    {
        // 360 points evenly in angle on x = 12 cos t, y = 4 sin t, rotated and shifted: covariance diag(72, 8), every
        // point at Mahalanobis distance sqrt(2), so the 90 % ellipse is the ellipse itself.
        (double[] x, double[] y) = Ellipse(12_000, 4_000, degrees, 360);
        double[] w = [.. Enumerable.Repeat(1.0, 360)];

        CommuteEllipse e = CommutingRadius.Compute(x, y, w);

        Assert.Equal(12, e.RadiusKm, 6);
        Assert.Equal(4_000, e.SemiMinorM, 3);
        Assert.Equal(500_000, e.CentreX, 6);
        double angle = (e.AngleRadians * 180 / Math.PI) - degrees;
        Assert.Equal(0, Math.Abs(Math.IEEERemainder(angle, 180)), 6);
    }

    [Fact]
    public void Compute_NestedRings_NinetyPercentLiesOnTheInnerRing()
    {
        // 90 % of the weight on a circle of 5 km, 10 % on a circle of 20 km (same centre): the 90 % ellipse is the
        // inner circle, whatever the covariance, since both rings are circles about the mean.
        (double[] xi, double[] yi) = Ellipse(5_000, 5_000, 0, 90);
        (double[] xo, double[] yo) = Ellipse(20_000, 20_000, 0, 10);
        double[] x = [.. xi, .. xo], y = [.. yi, .. yo];
        double[] w = [.. Enumerable.Repeat(1.0, 100)];

        CommuteEllipse e = CommutingRadius.Compute(x, y, w);

        Assert.Equal(5, e.RadiusKm, 6);
        Assert.Equal(5, CommutingRadius.Compute(x, y, w, 0.9).RadiusKm, 6);
        Assert.Equal(20, CommutingRadius.Compute(x, y, w, 0.95).RadiusKm, 6);
    }

    private static (double[] X, double[] Y) Ellipse(double a, double b, double degrees, int points)
    {
        double r = degrees * Math.PI / 180;
        var x = new double[points];
        var y = new double[points];
        for (int k = 0; k < points; k++)
        {
            double t = 2 * Math.PI * k / points, u = a * Math.Cos(t), v = b * Math.Sin(t);
            x[k] = 500_000 + (u * Math.Cos(r)) - (v * Math.Sin(r));
            y[k] = 2_500_000 + (u * Math.Sin(r)) + (v * Math.Cos(r));
        }

        return (x, y);
    }
}
