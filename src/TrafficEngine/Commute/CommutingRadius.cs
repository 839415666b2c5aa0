namespace TrafficEngine.Commute;

/// <summary>The ellipse of <see cref="CommutingRadius"/>: centre and axes in the measuring plane (metres).</summary>
public readonly record struct CommuteEllipse(double CentreX, double CentreY, double SemiMajorM, double SemiMinorM, double AngleRadians)
{
    /// <summary>The commuting radius: the semi-major axis in km.</summary>
    public double RadiusKm => SemiMajorM / 1000;
}

/// <summary>
/// The commuting radius of the commuting-report indicators, defined here as follows. Every commuter is two weighted
/// points, home and workplace (the centroids of the two zones, half a commuter each), so the ellipse covers the
/// space where commuters live and work. The ellipse is the standard deviational ellipse of those points: centre at
/// their weighted mean, axes along the eigenvectors of their weighted covariance, axis ratio sqrt(l1 / l2). It is
/// then scaled, shape fixed, to the smallest ellipse holding the share (90 %) of the weight: the scale is the
/// weighted quantile of the points' Mahalanobis distances sqrt(d' S^-1 d). The radius is its semi-major axis,
/// scale x sqrt(l1). For points spread evenly on an ellipse with semi-axes a &gt;= b this is exactly a.
/// </summary>
public static class CommutingRadius
{
    public static CommuteEllipse Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, double share = 0.9)
    {
        if (x.Length != y.Length || x.Length != weight.Length)
        {
            throw new ArgumentException("x, y and weight must have one entry per point.", nameof(weight));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        double total = 0, mx = 0, my = 0;
        for (int p = 0; p < x.Length; p++)
        {
            if (weight[p] > 0 && double.IsFinite(x[p]) && double.IsFinite(y[p]))
            {
                total += weight[p];
                mx += weight[p] * x[p];
                my += weight[p] * y[p];
            }
        }

        if (total <= 0)
        {
            return new CommuteEllipse(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        mx /= total;
        my /= total;
        double sxx = 0, syy = 0, sxy = 0;
        for (int p = 0; p < x.Length; p++)
        {
            if (weight[p] > 0 && double.IsFinite(x[p]) && double.IsFinite(y[p]))
            {
                double dx = x[p] - mx, dy = y[p] - my;
                sxx += weight[p] * dx * dx;
                syy += weight[p] * dy * dy;
                sxy += weight[p] * dx * dy;
            }
        }

        sxx /= total;
        syy /= total;
        sxy /= total;
        double half = (sxx + syy) / 2, root = Math.Sqrt((((sxx - syy) / 2) * ((sxx - syy) / 2)) + (sxy * sxy));
        double l1 = half + root, l2 = Math.Max(half - root, 0);
        double angle = 0.5 * Math.Atan2(2 * sxy, sxx - syy);
        if (l1 <= 0)
        {
            return new CommuteEllipse(mx, my, 0, 0, 0);
        }

        // A degenerate (collinear) cloud has l2 = 0: its ellipse is a segment; a tiny floor keeps distances finite.
        double minor = Math.Max(l2, l1 * 1e-12);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var distances = new List<(double D, double W)>(x.Length);
        for (int p = 0; p < x.Length; p++)
        {
            if (weight[p] > 0 && double.IsFinite(x[p]) && double.IsFinite(y[p]))
            {
                double dx = x[p] - mx, dy = y[p] - my;
                double u = (dx * cos) + (dy * sin), v = (-dx * sin) + (dy * cos);
                distances.Add((Math.Sqrt((u * u / l1) + (v * v / minor)), weight[p]));
            }
        }

        distances.Sort((a, b) => a.D.CompareTo(b.D));
        double needed = share * total * (1 - 1e-12), held = 0, scale = distances[^1].D;
        foreach ((double d, double w) in distances)
        {
            held += w;
            if (held >= needed)
            {
                scale = d;
                break;
            }
        }

        return new CommuteEllipse(mx, my, scale * Math.Sqrt(l1), scale * Math.Sqrt(l2), angle);
    }
}
