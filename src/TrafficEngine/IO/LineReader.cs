using System.Runtime.CompilerServices;
using System.IO.Compression;

namespace TrafficEngine.IO;

/// <summary>
/// Reads physical lines of a text file as UTF-8 byte spans from large blocks, finding line ends with the vectorised
/// <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, T)"/>. Strips "\r" before "\n" and a leading UTF-8 BOM.
/// Files ending in .gz are decompressed on the fly. The returned span is valid until the next call.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private const int BlockSize = 1 << 20;

    /// <summary>A longer line means the input is not a line-oriented text file; fail instead of growing without bound.</summary>
    private const int MaxLineBytes = 64 << 20;

    private readonly FileStream _file;
    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer = new byte[BlockSize];
    private int _start;
    private int _end;
    private bool _eof;
    private readonly bool _gzip;
    private long _decompressedBytes;

    public LineReader(string path)
    {
        _path = path;
        _file = InputFile.OpenRaw(path, bufferSize: 1);
        _gzip = InputFile.IsGzip(path);
        _stream = _gzip ? new GZipStream(_file, CompressionMode.Decompress, leaveOpen: true) : _file;
    }

    /// <summary>1-based physical line number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes of the file (compressed bytes for .gz) consumed so far.</summary>
    public long Position => _file.Position;

    public long Length => _file.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
            int newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(pending[..newline]);
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = TrimCarriageReturn(pending);
                _start = _end;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    /// <summary>
    /// The bytes read ahead after the last line returned (possibly ending mid-line; empty before the first call of
    /// <see cref="TryReadLine"/>). A caller that parses a whole line from here consumes it with <see cref="SkipLine"/>.
    /// </summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Consumes one line of <see cref="Buffered"/>: <paramref name="bytes"/> including its line end.</summary>
    public void SkipLine(int bytes)
    {
        _start += bytes;
        LineNumber++;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _file.Dispose();
    }

    /// <summary>
    /// GZipStream ends quietly at a truncated file, so compare the trailer's ISIZE (length mod 2^32 of the last
    /// member) with what was decompressed. A multi-member file fails this check too; such files are not supported.
    /// </summary>
    private void CheckGzipTrailer()
    {
        Span<byte> trailer = stackalloc byte[4];
        bool ok = _file.Length >= 18;
        if (ok)
        {
            _file.Seek(-4, SeekOrigin.End);
            _file.ReadExactly(trailer);
            ok = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) == (uint)_decompressedBytes;
        }

        if (!ok)
        {
            throw new UserInputException(
                $"Cannot read '{_path}': the gzip data is truncated or corrupt (decompressed {_decompressedBytes} bytes, the trailer disagrees; multi-member gzip is not supported).",
                _path);
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        bool first = _end == 0 && LineNumber == 0;
        int remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
        }
        else if (remaining == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new UserInputException($"{_path}: line {LineNumber + 1} is longer than {MaxLineBytes >> 20} MiB; is this a text file?", _path, LineNumber + 1);
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _start = 0;
        _end = remaining;
        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"Cannot read '{_path}': not a valid gzip file ({e.Message}).", _path, innerException: e);
        }

        if (read == 0)
        {
            _eof = true;
            if (_gzip)
            {
                CheckGzipTrailer();
            }

            return;
        }

        _end += read;
        _decompressedBytes += read;
        if (first && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = 3;
        }
    }
}
