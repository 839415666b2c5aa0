using System.Runtime.CompilerServices;
using TrafficEngine.Columns;

namespace TrafficEngine.Ingest;

/// <summary>Streams the kept rows from the result file to the sink as batches of at most a given number of rows.</summary>
internal sealed class ProbeBatchWriter
{
    private readonly Schema _schema;
    private readonly VehicleTable _vehicles;
    private readonly int _maxBatchRows;
    private readonly bool _speed;
    private readonly bool _heading;
    private readonly bool _occupied;
    private readonly StringColumnBuilder _vehicleBuilder;
    private readonly ColumnBuilder<long> _timestampBuilder;
    private readonly ColumnBuilder<double> _lonBuilder;
    private readonly ColumnBuilder<double> _latBuilder;
    private readonly ColumnBuilder<float> _speedBuilder;
    private readonly ColumnBuilder<float> _headingBuilder;
    private readonly BooleanColumnBuilder _occupiedBuilder = new();

    /// <summary>A writer whose column builders are sized once for batches of min(<paramref name="maxBatchRows"/>, <paramref name="totalRows"/>).</summary>
    public ProbeBatchWriter(Schema schema, VehicleTable vehicles, int maxBatchRows, long totalRows)
    {
        _schema = schema;
        _vehicles = vehicles;
        _maxBatchRows = maxBatchRows;
        _speed = schema.IndexOf(ProbeSchema.SpeedKmh) >= 0;
        _heading = schema.IndexOf(ProbeSchema.HeadingDeg) >= 0;
        _occupied = schema.IndexOf(ProbeSchema.Occupied) >= 0;
        int capacity = (int)Math.Clamp(totalRows, 16, maxBatchRows);
        _vehicleBuilder = new StringColumnBuilder(capacity * Pseudonymizer.PseudonymLength);
        _timestampBuilder = new ColumnBuilder<long>(DataType.TimestampMsUtc, capacity);
        _lonBuilder = new ColumnBuilder<double>(DataType.Float64, capacity);
        _latBuilder = new ColumnBuilder<double>(DataType.Float64, capacity);
        _speedBuilder = new ColumnBuilder<float>(DataType.Float32, capacity);
        _headingBuilder = new ColumnBuilder<float>(DataType.Float32, capacity);
    }

    public long RowsWritten { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteAll(Stream results, IBatchSink sink, CancellationToken cancellationToken)
    {
        var rows = new ProbeRows(1 << 16);
        while (true)
        {
            rows.Clear();
            if (!rows.ReadChunk(results))
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < rows.Count; i++)
            {
                _vehicleBuilder.Append(_vehicles.Pseudonym(rows.Vehicle[i]));
                _timestampBuilder.Append(rows.TimestampMs[i]);
                _lonBuilder.Append(rows.Lon[i]);
                _latBuilder.Append(rows.Lat[i]);
                if (_speed)
                {
                    AppendOptional(_speedBuilder, rows.SpeedKmh[i]);
                }

                if (_heading)
                {
                    AppendOptional(_headingBuilder, rows.HeadingDeg[i]);
                }

                if (_occupied)
                {
                    sbyte value = rows.Occupied[i];
                    if (value < 0)
                    {
                        _occupiedBuilder.AppendNull();
                    }
                    else
                    {
                        _occupiedBuilder.Append(value == 1);
                    }
                }

                if (_vehicleBuilder.Length == _maxBatchRows)
                {
                    Flush(sink);
                }
            }
        }

        if (_vehicleBuilder.Length > 0)
        {
            Flush(sink);
        }
    }

    private static void AppendOptional(ColumnBuilder<float> builder, float value)
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

    private void Flush(IBatchSink sink)
    {
        var columns = new List<Column>(7)
        {
            _vehicleBuilder.Build(),
            _timestampBuilder.Build(),
            _lonBuilder.Build(),
            _latBuilder.Build(),
        };
        if (_speed)
        {
            columns.Add(_speedBuilder.Build());
        }

        if (_heading)
        {
            columns.Add(_headingBuilder.Build());
        }

        if (_occupied)
        {
            columns.Add(_occupiedBuilder.Build());
        }

        var batch = new Batch(_schema, columns);
        RowsWritten += batch.Length;
        sink.Write(batch);
    }
}
