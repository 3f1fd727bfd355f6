/** The Queue construct's props and defaults, without the AWS provider (a leaf config's rules may import). */

/** Every default of QueueProps that config may leave out. */
export const QUEUE_DEFAULTS = {
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 30,
  retentionSeconds: 4 * 24 * 3600,
  deadLetterRetentionSeconds: 14 * 24 * 3600,
  fifo: false,
};

/** How the queue behaves: the part a profile configures (`queue` in config). */
export interface QueueSettings {
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Seconds a received message stays invisible; must cover the consumer's processing time.
   * @default 30
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Retention of the queue in seconds.
   * @default 345600 (4 days)
   */
  readonly retentionSeconds?: number;
  /**
   * Retention of the dead-letter queue in seconds; longer than the queue's so failures can be inspected.
   * @default 1209600 (14 days, the maximum)
   */
  readonly deadLetterRetentionSeconds?: number;
  /**
   * FIFO ordering with content-based deduplication (for both queues).
   * @default false
   */
  readonly fifo?: boolean;
}

export interface QueueProps extends QueueSettings {
  /** Queue name without suffix; FIFO queues get `.fifo`, the dead-letter queue `-dlq`. */
  readonly name: string;
  /**
   * Alarm actions (e.g. an SNS topic ARN) when the dead-letter queue holds messages.
   * @default - the alarm only changes state
   */
  readonly alarmActions?: string[];
}
