using System.Text;
using TrafficEngine.IO;

namespace TrafficEngine.Ingest;

/// <summary>
/// Writes the rows rejected after the read phase (duplicates, drift) to the quarantine: their raw text is re-read
/// from the source files (records that span lines included), one pass per file over the sorted line numbers, instead of being carried through the pipeline.
/// </summary>
internal static class LateQuarantine
{
    public static void Write(IReadOnlyList<string> files, List<LateReject> rejects, IQuarantineSink quarantine, CancellationToken cancellationToken)
    {
        rejects.Sort((a, b) => a.FileIndex != b.FileIndex ? a.FileIndex.CompareTo(b.FileIndex) : a.Line.CompareTo(b.Line));
        int next = 0;
        while (next < rejects.Count)
        {
            int fileIndex = rejects[next].FileIndex;
            string path = files[fileIndex];
            using var reader = new CsvRecordReader(path);
            while (next < rejects.Count && rejects[next].FileIndex == fileIndex)
            {
                LateReject wanted = rejects[next];
                ReadOnlySpan<byte> line = default;
                bool found = false;
                while (reader.LineNumber < wanted.Line && (found = reader.TryReadRecord(out line)))
                {
                }

                if (!found || reader.LineNumber != wanted.Line)
                {
                    throw new IngestException($"{path}: line {wanted.Line} vanished while the ingest ran; was the file changed?", path, wanted.Line);
                }

                string field = wanted.Code == RejectCode.Duplicate ? CsvHeader.Timestamp : "lon,lat";
                quarantine.Write(new QuarantinedRow(path, wanted.Line, RejectReason.FromCode(wanted.Code), field, Encoding.UTF8.GetString(line)));
                next++;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
