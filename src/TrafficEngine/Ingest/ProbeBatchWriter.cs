using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using TrafficEngine.Arrow;

namespace TrafficEngine.Ingest;

/// <summary>
/// Builds the output batches (at most a given number of rows each) from cleaned rows in output order and hands them
/// to the sink. The required columns are gathered straight into exactly sized, aligned Arrow buffers that the columns
/// then own (no builder growth, no copy on Build); the optional columns of the csv layout go through column builders.
/// </summary>
internal sealed class ProbeBatchWriter
{
    private const int PseudonymLength = Pseudonymizer.PseudonymLength;

    private readonly Schema _schema;
    private readonly VehicleTable _vehicles;
    private readonly IBatchSink _sink;
    private readonly int _maxBatchRows;
    private readonly long _totalRows;
    private readonly bool _speed;
    private readonly bool _heading;
    private readonly bool _occupied;
    private FixedWidthArrayBuilder<float> _speedBuilder = new(FloatType.Default);
    private FixedWidthArrayBuilder<float> _headingBuilder = new(FloatType.Default);
    private BooleanArray.Builder _occupiedBuilder = new();
    private NativeBuffer _vehicleData;
    private NativeBuffer _timestamps;
    private NativeBuffer _lons;
    private NativeBuffer _lats;
    private int _capacity;
    private int _filled;

    /// <summary>A writer of <paramref name="totalRows"/> rows in batches of at most <paramref name="maxBatchRows"/>.</summary>
    public ProbeBatchWriter(Schema schema, VehicleTable vehicles, int maxBatchRows, long totalRows, IBatchSink sink)
    {
        _schema = schema;
        _vehicles = vehicles;
        _sink = sink;
        _maxBatchRows = maxBatchRows;
        _totalRows = totalRows;
        _speed = schema.GetFieldIndex(ProbeSchema.SpeedKmh) >= 0;
        _heading = schema.GetFieldIndex(ProbeSchema.HeadingDeg) >= 0;
        _occupied = schema.GetFieldIndex(ProbeSchema.Occupied) >= 0;
    }

    public long RowsWritten { get; private set; }

    /// <summary>Appends the rows of <paramref name="rows"/> listed in <paramref name="order"/>, flushing full batches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ProbeRows rows, ReadOnlySpan<int> order)
    {
        while (!order.IsEmpty)
        {
            if (_capacity == 0)
            {
                StartBatch();
            }

            int take = Math.Min(order.Length, _capacity - _filled);
            ReadOnlySpan<int> part = order[..take];
            ProbeRows.Gather(rows.TimestampMs, part, _timestamps.As<long>().Slice(_filled));
            ProbeRows.Gather(rows.Lon, part, _lons.As<double>().Slice(_filled));
            ProbeRows.Gather(rows.Lat, part, _lats.As<double>().Slice(_filled));
            CopyPseudonyms(rows.Vehicle, part, _vehicleData.As<byte>().Slice(_filled * PseudonymLength));
            AppendOptional(rows, part);
            _filled += take;
            order = order[take..];
            if (_filled == _capacity)
            {
                Flush();
            }
        }
    }

    /// <summary>Flushes a partly filled last batch; call once after the last <see cref="Append"/>.</summary>
    public void Finish()
    {
        if (_filled > 0)
        {
            Flush();
        }

        if (RowsWritten != _totalRows)
        {
            throw new InvalidOperationException($"The ingest wrote {RowsWritten} rows but kept {_totalRows}.");
        }
    }

    private void StartBatch()
    {
        _capacity = (int)Math.Min(_maxBatchRows, _totalRows - RowsWritten);
        if (_capacity <= 0)
        {
            throw new InvalidOperationException($"More rows than the {_totalRows} kept reached the output.");
        }

        _filled = 0;
        _vehicleData = NativeBuffer.Allocate(_capacity * PseudonymLength, zeroed: false);
        _timestamps = NativeBuffer.Allocate(_capacity * sizeof(long), zeroed: false);
        _lons = NativeBuffer.Allocate(_capacity * sizeof(double), zeroed: false);
        _lats = NativeBuffer.Allocate(_capacity * sizeof(double), zeroed: false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyPseudonyms(int[] vehicles, ReadOnlySpan<int> order, Span<byte> destination)
    {
        ReadOnlySpan<byte> all = _vehicles.AllPseudonyms;
        if (destination.Length < order.Length * PseudonymLength)
        {
            throw new InvalidOperationException("The vehicle buffer is too short.");
        }

        ref byte to = ref MemoryMarshal.GetReference(destination);
        for (int k = 0; k < order.Length; k++)
        {
            ReadOnlySpan<byte> pseudonym = all.Slice(vehicles[order[k]] * PseudonymLength, PseudonymLength);
            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref to, k * PseudonymLength), ref MemoryMarshal.GetReference(pseudonym), PseudonymLength);
        }
    }

    private void AppendOptional(ProbeRows rows, ReadOnlySpan<int> order)
    {
        if (!_speed && !_heading && !_occupied)
        {
            return;
        }

        foreach (int row in order)
        {
            if (_speed)
            {
                AppendOptional(_speedBuilder, rows.Speed(row));
            }

            if (_heading)
            {
                AppendOptional(_headingBuilder, rows.Heading(row));
            }

            if (_occupied)
            {
                sbyte value = rows.OccupiedAt(row);
                if (value < 0)
                {
                    _occupiedBuilder.AppendNull();
                }
                else
                {
                    _occupiedBuilder.Append(value == 1);
                }
            }
        }
    }

    private static void AppendOptional(FixedWidthArrayBuilder<float> builder, float value)
    {
        if (float.IsNaN(value))
        {
            builder.AppendNull();
        }
        else
        {
            builder.Append(value);
        }
    }

    private void Flush()
    {
        int n = _filled;
        NativeBuffer offsets = NativeBuffer.Allocate((n + 1) * sizeof(int));
        Span<int> offsetValues = offsets.As<int>();
        for (int i = 0; i <= n; i++)
        {
            offsetValues[i] = i * PseudonymLength;
        }

        var columns = new List<IArrowArray>(7)
        {
            ArrowArrays.Strings(offsets.ToArrow((n + 1) * sizeof(int)), _vehicleData.ToArrow(n * PseudonymLength), n),
            ArrowArrays.Primitive<long>(ArrowTypes.TimestampMsUtc, _timestamps.ToArrow<long>(n), n),
            ArrowArrays.Primitive<double>(DoubleType.Default, _lons.ToArrow<double>(n), n),
            ArrowArrays.Primitive<double>(DoubleType.Default, _lats.ToArrow<double>(n), n),
        };
        if (_speed)
        {
            columns.Add(_speedBuilder.Build());
            _speedBuilder = new FixedWidthArrayBuilder<float>(FloatType.Default);
        }

        if (_heading)
        {
            columns.Add(_headingBuilder.Build());
            _headingBuilder = new FixedWidthArrayBuilder<float>(FloatType.Default);
        }

        if (_occupied)
        {
            columns.Add(_occupiedBuilder.Build());
            _occupiedBuilder = new BooleanArray.Builder();
        }

        RecordBatch batch = ArrowColumns.Batch(_schema, columns);
        RowsWritten += n;
        _capacity = 0;
        _filled = 0;
        _sink.Write(batch);
    }
}
