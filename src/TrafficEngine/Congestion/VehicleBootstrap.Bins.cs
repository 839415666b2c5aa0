namespace TrafficEngine.Congestion;

internal static partial class VehicleBootstrap
{
    private sealed partial class Pass
    {
        private readonly bool[] _touchedMark;
        private readonly int[] _lastVehicle;
        private readonly int[] _groupVehicles;
        private readonly List<int> _touched = [];
        private readonly List<int> _touchedRow = [];
        private bool _open;

        // The closing bin's rows ordered by vehicle, then by (cell, vehicle); and its (cell, vehicle) pairs.
        private int[] _count = [];
        private int[] _byVehicle = [];
        private int[] _byCell = [];
        private int[] _pairStart = [];
        private int[] _pairVehicle = [];
        private double[] _pairSeconds = [];
        private double[] _pairMetres = [];
        private double[] _finite = [];

        // The closing bin's cells for the replicates: road class, block (numbered within the bin); blocks' numbers.
        private int[] _cellClass = [];
        private int[] _cellBlock = [];
        private int[] _blockGlobalOf = [];
        private int _blockCount;

        /// <summary>
        /// Closes the open bin: its rows brought together per (cell, vehicle), the vehicles per group counted, and
        /// the replicates and intervals of every group it touched worked out.
        /// </summary>
        public void Close()
        {
            if (!_open)
            {
                return;
            }

            int cells = _cellEnd - _cellStart;
            int pairs = Pair(cells);
            CountVehicles();
            if (_options.IntervalReplicates > 0)
            {
                PrepareCells(cells);
                RunReplicates(cells, pairs);
                Publish();
                for (int t = 0; t < _blockCount; t++)
                {
                    _blockLocalOf[_blockGlobalOf[t]] = -1;
                }

                _blockCount = 0;
            }

            for (int c = _cellStart; c < _cellEnd; c++)
            {
                _cellOf[_speeds.Edges[c]] = -1;
            }

            for (int v = 0; v < _localCount; v++)
            {
                _localOf[_globalOf[v]] = -1;
            }

            foreach (int g in _touched)
            {
                _touchedMark[g] = false;
                _lastVehicle[g] = -1;
                _groupVehicles[g] = 0;
            }

            _touched.Clear();
            _touchedRow.Clear();
            _localCount = 0;
            _rowCount = 0;
            _open = false;
        }

        /// <summary>
        /// Orders the rows by vehicle, then stably by cell (two counting sorts), and sums each (cell, vehicle)'s seconds
        /// and metres into a pair; checks every cell against the speed table's traversals and distinct vehicles.
        /// Returns the number of pairs.
        /// </summary>
        private int Pair(int cells)
        {
            int rows = _rowCount, vehicles = _localCount;
            Grow(ref _byVehicle, rows);
            Grow(ref _byCell, rows);
            Grow(ref _count, Math.Max(vehicles, cells) + 1);
            Span<int> count = _count.AsSpan(0, vehicles + 1);
            count.Clear();
            for (int r = 0; r < rows; r++)
            {
                count[_rowVehicle[r] + 1]++;
            }

            for (int v = 1; v <= vehicles; v++)
            {
                count[v] += count[v - 1];
            }

            for (int r = 0; r < rows; r++)
            {
                _byVehicle[count[_rowVehicle[r]]++] = r;
            }

            count = _count.AsSpan(0, cells + 1);
            count.Clear();
            for (int r = 0; r < rows; r++)
            {
                count[_rowCell[r] + 1]++;
            }

            for (int c = 1; c <= cells; c++)
            {
                count[c] += count[c - 1];
            }

            Grow(ref _pairStart, cells + 1);
            for (int i = 0; i < rows; i++)
            {
                int r = _byVehicle[i];
                _byCell[count[_rowCell[r]]++] = r;
            }

            Grow(ref _pairVehicle, rows);
            Grow(ref _pairSeconds, rows);
            Grow(ref _pairMetres, rows);
            int pairs = 0;
            for (int c = 0, i = 0; c < cells; c++)
            {
                int first = pairs, end = count[c], traversals = end - i;
                for (; i < end; i++)
                {
                    int r = _byCell[i];
                    if (pairs == first || _pairVehicle[pairs - 1] != _rowVehicle[r])
                    {
                        _pairVehicle[pairs] = _rowVehicle[r];
                        _pairSeconds[pairs] = 0;
                        _pairMetres[pairs] = 0;
                        pairs++;
                    }

                    _pairSeconds[pairs - 1] += _rowSeconds[r];
                    _pairMetres[pairs - 1] += _rowMetres[r];
                }

                _pairStart[c] = first;
                int cell = _cellStart + c;
                if (traversals != _speeds.Traversals[cell] || pairs - first != _speeds.Vehicles[cell])
                {
                    throw new InvalidOperationException($"Cell {cell} has {traversals} rows of {pairs - first} vehicles here, " +
                        $"{_speeds.Traversals[cell]} of {_speeds.Vehicles[cell]} in the speed table: the rows are not those aggregated."); // a bug
                }
            }

            _pairStart[cells] = pairs;
            return pairs;
        }

        /// <summary>Each cell's road class and block (numbered within the bin) for the replicates.</summary>
        private void PrepareCells(int cells)
        {
            Grow(ref _cellClass, cells);
            Grow(ref _cellBlock, cells);
            Grow(ref _blockGlobalOf, cells); // a bin has no more blocks than cells
            for (int c = 0; c < cells; c++)
            {
                int e = _speeds.Edges[_cellStart + c];
                _cellClass[c] = (int)_network.Classes[e];
                int block = _blockOf[e];
                if (_blockLocalOf[block] < 0)
                {
                    _blockGlobalOf[_blockCount] = block;
                    _blockLocalOf[block] = _blockCount++;
                }

                _cellBlock[c] = _blockLocalOf[block];
            }
        }

        /// <summary>The groups with a usable cell in the bin (those with a table row), their rows and their distinct vehicles.</summary>
        private void CountVehicles()
        {
            for (int i = 0; i < _rowCount; i++)
            {
                int r = _byVehicle[i];
                int cell = _cellStart + _rowCell[r];
                if (_speeds.Vehicles[cell] < _options.AggregateMinVehicles)
                {
                    continue;
                }

                int e = _speeds.Edges[cell], v = _rowVehicle[r];
                for (int m = _memberOffsets[e]; m < _memberOffsets[e + 1]; m++)
                {
                    int g = _members[m];
                    if (!_touchedMark[g])
                    {
                        _touchedMark[g] = true;
                        _touched.Add(g);
                    }

                    if (_lastVehicle[g] != v)
                    {
                        _lastVehicle[g] = v;
                        _groupVehicles[g]++;
                    }
                }
            }

            foreach (int g in _touched)
            {
                int grouping = _groupingOf[g];
                GroupIndexTable table = _groupings[grouping].Table;
                int row = _rowCursor[g];
                while (row < _rowEnd[g] && table.BinStartMs[row] < _bin)
                {
                    row++;
                }

                if (row == _rowEnd[g] || table.BinStartMs[row] != _bin)
                {
                    throw new InvalidOperationException($"Group {g - _groupBase[grouping]} has usable cells in bin {_bin} but no row."); // a bug
                }

                _rowCursor[g] = row + 1;
                _touchedRow.Add(row);
                _vehicles[grouping][row] = _groupVehicles[g];
            }
        }

        /// <summary>Each touched group's intervals from its replicates, for the rows with a TPI.</summary>
        private void Publish()
        {
            int replicates = _options.IntervalReplicates;
            Grow(ref _finite, replicates);
            for (int t = 0; t < _touched.Count; t++)
            {
                int g = _touched[t], grouping = _groupingOf[g], row = _touchedRow[t];
                GroupIndexTable table = _groupings[grouping].Table;
                ReadOnlySpan<double> tpi = _repTpi.AsSpan(t * replicates, replicates);
                ReadOnlySpan<double> tti = _repTti.AsSpan(t * replicates, replicates);
                _observer?.Invoke(grouping, g - _groupBase[grouping], _bin, tpi, tti);
                if (table.IsInsufficient(row))
                {
                    continue;
                }

                (_tpiLow[grouping][row], _tpiHigh[grouping][row]) = Interval(Finite(tpi), table.Tpi[row], _options.IntervalLevel);
                (_ttiLow[grouping][row], _ttiHigh[grouping][row]) = Interval(Finite(tti), table.Tti[row], _options.IntervalLevel);
            }
        }

        private Span<double> Finite(ReadOnlySpan<double> values)
        {
            int n = 0;
            foreach (double x in values)
            {
                if (double.IsFinite(x))
                {
                    _finite[n++] = x;
                }
            }

            return _finite.AsSpan(0, n);
        }

        /// <summary>Makes room for <paramref name="length"/> items; what the array held is lost.</summary>
        private static void Grow<T>(ref T[] array, int length)
        {
            if (array.Length < length)
            {
                array = GC.AllocateUninitializedArray<T>(Math.Max(length, 2 * array.Length));
            }
        }
    }
}
