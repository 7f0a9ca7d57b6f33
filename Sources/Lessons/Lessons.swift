/// Placeholder so the target builds; the Lessons issue replaces this file.
public enum LessonsModule {}
