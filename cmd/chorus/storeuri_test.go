package main

import "os"

func storetestURI() string { return os.Getenv("CHORUS_TEST_MONGODB_URI") }
