"""Scripts that measure the register's speed at national scale (run by hand, see README.md)."""
