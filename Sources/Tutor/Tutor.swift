public enum TutorModule {}
