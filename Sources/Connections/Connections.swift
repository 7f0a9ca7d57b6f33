/// Placeholder so the target builds; the Connections issue replaces this file.
public enum ConnectionsModule {}
