export {
  createBufferedWriter,
  isPermanentGrpcError,
  BufferFullError,
  WriterClosedError,
  type BufferedWriter,
  type BufferedWriterOptions,
  type CloseResult,
  type KeyedRecord,
  type SendOptions,
  type WriterStats,
} from './buffered-writer';
