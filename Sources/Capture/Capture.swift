/// Placeholder so the target builds; the Capture issue replaces this file.
public enum CaptureModule {}
