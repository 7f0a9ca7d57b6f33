print("porttutor")
