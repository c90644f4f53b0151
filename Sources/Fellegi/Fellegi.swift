// Fellegi module
