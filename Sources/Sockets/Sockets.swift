/// Placeholder so the target builds; the Sockets issue replaces this file.
public enum SocketsModule {}
